/**
 * Seeded random numbers and shapes for tests and benches, so that runs are comparable.
 */
import type { Position } from 'geojson';

/**
 * mulberry32: a tiny seeded generator of floats in [0, 1).
 *
 * @example
 * const random = mulberry32(42);
 * random(); // the same number on every run
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A closed star-shaped ring (simple by construction): n vertices at increasing angles around
 * (cx, cy), each at a random radius in [rMin, rMax].
 *
 * @example
 * starRing(mulberry32(1), 0, 0, 1, 2, 12); // 13 positions, first repeated last
 */
export function starRing(random: () => number, cx: number, cy: number, rMin: number, rMax: number, n: number): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const angle = ((i + 0.2 + 0.6 * random()) / n) * 2 * Math.PI;
    const r = rMin + (rMax - rMin) * random();
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  ring.push([...ring[0]]);
  return ring;
}
