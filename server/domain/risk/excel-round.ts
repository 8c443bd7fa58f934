/**
 * Rounding as Excel's ROUND does it: half away from zero, on the number as Excel shows it (15
 * significant digits), so that 2.675 — stored as 2.67499999999999982236431605997495353221893310546875
 * — still rounds to 2.68. INFORM publishes every figure through ROUND(x, 1).
 */

/**
 * Round half away from zero to `decimals` places, as Excel's ROUND. NaN and ±Infinity pass through.
 *
 * @example
 * roundHalfAwayFromZero(2.675, 2); // 2.68 (Math.round-based rounding gives 2.67)
 * roundHalfAwayFromZero(-2.5); // -3
 */
export function roundHalfAwayFromZero(x: number, decimals = 0): number {
  if (!Number.isFinite(x)) return x;
  // Decimal shifts through the exponent of a string: no binary multiplication error creeps in.
  const [mantissa, exponent = '0'] = Math.abs(x).toPrecision(15).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const rounded = Number(`${shifted}e${-decimals}`);
  return x < 0 ? -rounded : rounded;
}
