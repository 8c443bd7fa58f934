import { describe, expect, it } from 'vitest';
import { classColours, fillColours, NO_SCORE_COLOUR } from './class-palette';

describe('classColours', () => {
  it('gives INFORM’s five classes five distinct colours from light to dark, none of them the no-score grey', () => {
    const colours = classColours(5);
    expect(colours).toEqual([[255, 255, 178], [254, 204, 92], [253, 141, 60], [240, 59, 32], [189, 0, 38]]);
    const lightness = colours.map(([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b);
    for (let i = 1; i < lightness.length; i++) expect(lightness[i]).toBeLessThan(lightness[i - 1]);
    expect(colours).not.toContainEqual(NO_SCORE_COLOUR);
  });

  it('keeps two classes at the ends of the scheme', () => {
    expect(classColours(2)).toEqual([[255, 255, 204], [128, 0, 38]]);
  });
});

describe('fillColours', () => {
  it('writes RGBA per area, grey where there is no score', () => {
    expect(Array.from(fillColours(Int8Array.of(0, -1), classColours(5), 200))).toEqual([255, 255, 178, 200, 150, 150, 150, 200]);
  });
});
