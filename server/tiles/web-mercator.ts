/** The largest unit-square coordinate below 1, so that floor(v · 2^z) stays inside the world. */
const BELOW_ONE = 1 - 2 ** -40;

/** Longitude → x in [0, 1) of the web-mercator square that tile 0/0/0 covers (wrapped across ±180°). */
export function unitX(lng: number): number {
  const x = lng / 360 + 0.5;
  const wrapped = x - Math.floor(x);
  return wrapped > BELOW_ONE ? BELOW_ONE : wrapped;
}

/** Latitude → y in [0, 1), growing southward; beyond ±85.05° clamped to the edge, as geojson-vt does. */
export function unitY(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return y < 0 ? 0 : y > BELOW_ONE ? BELOW_ONE : y;
}

/**
 * The tile of zoom z that holds [lng, lat].
 *
 * @example tileOf(2.3488, 48.8534, 10) // { z: 10, x: 518, y: 352 }
 */
export function tileOf(lng: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  return { z, x: Math.floor(unitX(lng) * n), y: Math.floor(unitY(lat) * n) };
}
