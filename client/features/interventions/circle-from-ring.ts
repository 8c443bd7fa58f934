import type { Position } from 'geojson';
import type { InterventionTarget } from '../../../server/domain/interventions';

/**
 * A geodesic circle's centre and radius from its ring: the centre is the normalised mean of the
 * vertices as unit vectors (exact for equally spaced bearings), the radius the mean great-circle
 * distance to them (or terra-draw's own, when it gives one).
 */
export function circleFromRing(ring: Position[], radiusKm?: number): Extract<InterventionTarget, { kind: 'circle' }> {
  const open = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.slice(0, -1) : ring;
  let x = 0, y = 0, z = 0;
  for (const [lng, lat] of open) {
    const [a, b] = [(lng * Math.PI) / 180, (lat * Math.PI) / 180];
    x += Math.cos(b) * Math.cos(a);
    y += Math.cos(b) * Math.sin(a);
    z += Math.sin(b);
  }
  const center: [number, number] = [round((Math.atan2(y, x) * 180) / Math.PI), round((Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI)];
  const meanM = open.reduce((sum, p) => sum + haversineM(center, p), 0) / open.length;
  const radiusM = Number.isFinite(radiusKm) && radiusKm! > 0 ? radiusKm! * 1000 : meanM;
  return { kind: 'circle', center, radiusM: Math.round(radiusM) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function haversineM(a: Position, b: Position): number {
  const r = Math.PI / 180;
  const dLat = (b[1] - a[1]) * r;
  const dLng = (b[0] - a[0]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}
