import { describe, expect, it } from 'vitest';
import { PALETTE_IDS, paletteColours, parseColour } from './palettes';

const lightness = ([r, g, b]: readonly number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('paletteColours', () => {
  it('gives every palette 3 to 9 distinct colours', () => {
    for (const id of PALETTE_IDS) {
      for (let n = 3; n <= 9; n++) {
        const colours = paletteColours(id, n);
        expect(colours).toHaveLength(n);
        expect(new Set(colours.map((c) => c.join(','))).size).toBe(n);
      }
    }
  });

  it('runs sequential palettes from light (low) to dark (high)', () => {
    for (const id of ['viridis', 'cividis', 'YlGnBu', 'Blues'] as const) {
      const colours = paletteColours(id, 5);
      expect(lightness(colours[0])).toBeGreaterThan(lightness(colours[4]));
    }
    // viridis reversed: pale yellow first, dark purple last
    expect(paletteColours('viridis', 3)).toEqual([[253, 231, 37], [33, 145, 140], [68, 1, 84]]);
    expect(paletteColours('Blues', 3)).toEqual([[222, 235, 247], [158, 202, 225], [49, 130, 189]]);
  });

  it('refuses an unknown palette or count', () => {
    expect(() => paletteColours('jet' as never, 5)).toThrow('invalid palette: jet');
    expect(() => paletteColours('viridis', 12)).toThrow('invalid number of colours: 12');
  });
});

describe('parseColour', () => {
  it('reads both forms d3-scale-chromatic returns', () => {
    expect(parseColour('#440154')).toEqual([68, 1, 84]);
    expect(parseColour('rgb(127, 124, 117)')).toEqual([127, 124, 117]);
    expect(() => parseColour('red')).toThrow('invalid colour: red');
  });
});
