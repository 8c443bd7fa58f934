/**
 * Colours of the risk classes on the map and in the legend: ColorBrewer's YlOrRd (from
 * d3-scale-chromatic), a sequential scheme that ColorBrewer marks colour-blind safe, light for
 * low risk and dark red for very high. An area without a score is grey, never the lowest class.
 */
import { schemeYlOrRd } from 'd3-scale-chromatic';
import { fromHex, type Rgb } from '../../lib/colours';

export const NO_SCORE_COLOUR: Rgb = [150, 150, 150];

/**
 * One colour per class, lowest first (3 to 9 classes: the scheme's range).
 *
 * @example
 * classColours(5); // 5 RGB triples, #ffffb2 … #bd0026
 */
export function classColours(count: number): Rgb[] {
  if (count < 1) return [];
  // fewer than three classes take the ends of the widest scheme, so they stay far apart
  const scheme = schemeYlOrRd[count >= 3 ? Math.min(9, count) : 9] as readonly string[];
  const picks = count >= 3 ? scheme.slice(0, count) : count === 1 ? [scheme[8]] : [scheme[0], scheme[8]];
  return picks.map((hex) => fromHex(hex, NO_SCORE_COLOUR));
}

/**
 * RGBA per area (4 bytes each) from class indices, for the map layer; `alpha` on scored areas,
 * `noScoreAlpha` on the grey of the others.
 *
 * @example
 * fillColours(Int8Array.of(0, -1), classColours(5), 200); // Uint8Array [255,255,178,200, 150,150,150,200]
 */
export function fillColours(classIndex: Int8Array, colours: readonly Rgb[], alpha: number, out = new Uint8Array(classIndex.length * 4), noScoreAlpha = alpha): Uint8Array {
  for (let a = 0; a < classIndex.length; a++) {
    const scored = classIndex[a] >= 0;
    const c = scored ? colours[classIndex[a]] : NO_SCORE_COLOUR;
    out[4 * a] = c[0];
    out[4 * a + 1] = c[1];
    out[4 * a + 2] = c[2];
    out[4 * a + 3] = scored ? alpha : noScoreAlpha;
  }
  return out;
}
