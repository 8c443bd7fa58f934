import type { GeoJSONVTFeature } from '@maplibre/geojson-vt';

/** Twice the area, in tile units², of every ring of a feature (holes counted as area too: a cheap size). */
function featureSize(feature: GeoJSONVTFeature): number {
  if (feature.type === 1) return 0;
  let size = 0;
  for (const ring of feature.geometry) {
    let a = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
    size += Math.abs(a);
  }
  return size;
}

/**
 * Encodes `features`; when the tile comes out larger than maxBytes, drops the smallest features
 * (by area, as tippecanoe's --drop-smallest-as-needed does) until it fits. Only very dense low
 * zooms get there — 50,000 areas at zoom 0 — where the dropped areas are a few pixels wide.
 */
export function encodeWithinBytes(features: GeoJSONVTFeature[], encode: (features: GeoJSONVTFeature[]) => Buffer, maxBytes: number): { body: Buffer; dropped: number } {
  let body = encode(features);
  if (body.length <= maxBytes) return { body, dropped: 0 };
  const sizes = features.map(featureSize);
  const bySize = features.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  let keep = features.length;
  while (body.length > maxBytes && keep > 0) {
    // Aim a little under the limit: bytes are roughly proportional to the features kept.
    keep = Math.min(keep - 1, Math.floor(keep * (maxBytes / body.length) * 0.95));
    const kept = bySize.slice(0, keep).sort((a, b) => a - b);
    body = encode(kept.map((i) => features[i]));
  }
  return { body, dropped: features.length - keep };
}
