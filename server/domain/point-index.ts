import Flatbush from 'flatbush';
import { haversineKm, KM_PER_DEGREE } from './geodesy';

/**
 * Nearest-site queries on the sphere: a flatbush over the points, searched in a box widened by
 * the radius (in longitude by 1/cos(lat)), then exact great-circle distances.
 */
export class PointIndex {
  readonly size: number;
  private readonly coords: Float64Array;
  private readonly tree: Flatbush | null;

  /** @param coords lng,lat pairs */
  constructor(coords: Float64Array) {
    this.size = coords.length / 2;
    this.coords = coords;
    this.tree = this.size > 0 ? new Flatbush(this.size) : null;
    for (let i = 0; i < this.size; i++) this.tree!.add(coords[2 * i], coords[2 * i + 1]);
    this.tree?.finish();
  }

  /** Distance to the nearest point within maxKm, km; Infinity when there is none. */
  nearestKm(lng: number, lat: number, maxKm: number): number {
    if (!this.tree) return Infinity;
    const dLat = maxKm / KM_PER_DEGREE;
    const cos = Math.cos(((Math.min(89.9, Math.abs(lat) + dLat)) * Math.PI) / 180);
    const dLng = Math.min(180, dLat / Math.max(cos, 1e-6));
    let best = Infinity;
    const visit = (x0: number, x1: number, shift: number) => {
      for (const i of this.tree!.search(x0, lat - dLat, x1, lat + dLat)) {
        const d = haversineKm([lng, lat], [this.coords[2 * i] + shift, this.coords[2 * i + 1]]);
        if (d < best) best = d;
      }
    };
    visit(lng - dLng, lng + dLng, 0);
    // Points on the other side of ±180°.
    if (lng + dLng > 180) visit(lng + dLng - 360 - 2 * dLng, lng + dLng - 360, 360);
    if (lng - dLng < -180) visit(lng - dLng + 360, lng - dLng + 360 + 2 * dLng, -360);
    return best <= maxKm ? best : Infinity;
  }

  /** Indices of the points in a box (longitudes as given, no wrapping). */
  searchBox(minLng: number, minLat: number, maxLng: number, maxLat: number): number[] {
    return this.tree ? this.tree.search(minLng, minLat, maxLng, maxLat) : [];
  }

  /** [lng, lat] of point i. */
  point(i: number): [number, number] {
    return [this.coords[2 * i], this.coords[2 * i + 1]];
  }

  isWithinKm(lng: number, lat: number, km: number): boolean {
    return this.nearestKm(lng, lat, km) <= km;
  }
}
