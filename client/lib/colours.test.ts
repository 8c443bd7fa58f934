import { describe, expect, it } from 'vitest';
import { fromHex, okabeIto, okabeItoHex, sequentialColour, toHex } from './colours';

describe('colours', () => {
  it('round-trips the Okabe–Ito palette through #rrggbb', () => {
    expect(okabeItoHex.find((c) => c.name === 'blue')?.hex).toBe('#0072b2');
    for (const { name, hex } of okabeItoHex) expect(fromHex(hex, [1, 2, 3])).toEqual([...okabeIto[name]]);
    expect(toHex([255, 0, 16])).toBe('#ff0010');
  });

  it('falls back on the given colour for a malformed hex string', () => {
    expect(fromHex('blue', [1, 2, 3])).toEqual([1, 2, 3]);
    expect(fromHex(null, [1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('gives a missing value no colour rather than the colour of zero', () => {
    expect(sequentialColour(NaN)).toBeNull();
    expect(sequentialColour(0)).not.toBeNull();
  });

  it('runs from pale yellow at 0 to dark purple at 1, darker all the way', () => {
    expect(sequentialColour(0)).toEqual([253, 231, 37]);
    expect(sequentialColour(1)).toEqual([68, 1, 84]);
    const lightness = (t: number) => {
      const [r, g, b] = sequentialColour(t)!;
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0.1; t <= 1; t += 0.1) expect(lightness(t)).toBeLessThan(lightness(t - 0.1));
  });

  it('clamps values outside 0–1', () => {
    expect(sequentialColour(-1)).toEqual(sequentialColour(0));
    expect(sequentialColour(2)).toEqual(sequentialColour(1));
  });
});
