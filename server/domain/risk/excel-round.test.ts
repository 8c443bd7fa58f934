import { describe, expect, it } from 'vitest';
import { roundHalfAwayFromZero } from './excel-round';

describe('roundHalfAwayFromZero', () => {
  it('rounds halves away from zero on both sides', () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(0.25, 1)).toBe(0.3);
    expect(roundHalfAwayFromZero(-0.25, 1)).toBe(-0.3);
  });

  it('rounds the number as Excel shows it, not its binary expansion', () => {
    // 2.675, 1.005 and 4.35 are stored just below the half; Excel gives 2.68, 1.01 and 4.4
    expect(roundHalfAwayFromZero(2.675, 2)).toBe(2.68);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(4.35, 1)).toBe(4.4);
    // the cube root of 7.8 · 6.1 · 4.6 (Bangladesh's dimensions) is 6.0300…, not a half
    expect(roundHalfAwayFromZero(Math.cbrt(7.8 * 6.1 * 4.6), 1)).toBe(6);
  });

  it('keeps values below the half, tiny and huge numbers, NaN and infinities', () => {
    expect(roundHalfAwayFromZero(3.449999, 1)).toBe(3.4);
    expect(roundHalfAwayFromZero(1.5e-9, 9)).toBe(2e-9);
    expect(roundHalfAwayFromZero(1.2345e20, -18)).toBe(1.23e20);
    expect(roundHalfAwayFromZero(Number.NaN, 1)).toBeNaN();
    expect(roundHalfAwayFromZero(-Infinity, 1)).toBe(-Infinity);
  });
});
