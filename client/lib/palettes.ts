import {
  interpolateCividis,
  interpolateViridis,
  schemeBlues,
  schemeBrBG,
  schemePuOr,
  schemePurples,
  schemeRdBu,
  schemeYlGnBu,
  schemeYlOrRd,
} from 'd3-scale-chromatic';
import type { Rgb } from './colours';

/**
 * Class palettes for choropleths, all readable with the common colour-vision deficiencies:
 * viridis and cividis (perceptually uniform; cividis made for deuteranopia, Nuñez et al. 2018),
 * ColorBrewer's sequential schemes and its colour-blind-safe diverging ones (Brewer, Harrower,
 * colorbrewer2.org). Sequential palettes run light (low) to dark (high), as darker reads as "more"
 * on a light map.
 */
export const PALETTES = {
  viridis: { kind: 'sequential', colours: (n: number) => sample(interpolateViridis, n, true) },
  cividis: { kind: 'sequential', colours: (n: number) => sample(interpolateCividis, n, true) },
  YlGnBu: { kind: 'sequential', colours: (n: number) => scheme(schemeYlGnBu, n) },
  YlOrRd: { kind: 'sequential', colours: (n: number) => scheme(schemeYlOrRd, n) },
  Blues: { kind: 'sequential', colours: (n: number) => scheme(schemeBlues, n) },
  Purples: { kind: 'sequential', colours: (n: number) => scheme(schemePurples, n) },
  PuOr: { kind: 'diverging', colours: (n: number) => scheme(schemePuOr, n) },
  BrBG: { kind: 'diverging', colours: (n: number) => scheme(schemeBrBG, n) },
  RdBu: { kind: 'diverging', colours: (n: number) => scheme(schemeRdBu, n) },
} as const satisfies Record<string, { kind: 'sequential' | 'diverging'; colours: (n: number) => Rgb[] }>;

export type PaletteId = keyof typeof PALETTES;
export const PALETTE_IDS = Object.keys(PALETTES) as PaletteId[];
export const DEFAULT_PALETTE: PaletteId = 'viridis';

/** `n` colours (1–9) of a palette, lowest class first. */
export function paletteColours(id: PaletteId, n: number): Rgb[] {
  const palette = PALETTES[id];
  if (!palette) throw new Error(`invalid palette: ${id}; expected one of ${PALETTE_IDS.join(', ')}`);
  if (!(Number.isInteger(n) && n >= 1 && n <= 9)) throw new Error(`invalid number of colours: ${n}; expected 1 to 9`);
  return palette.colours(n);
}

// ColorBrewer schemes exist for 3–9 (diverging to 11) classes; fewer take the ends and middle of 3
function scheme(schemes: readonly (readonly string[])[], n: number): Rgb[] {
  if (n >= 3) return schemes[n].map(parseColour);
  const three = schemes[3].map(parseColour);
  return n === 1 ? [three[1]] : [three[0], three[2]];
}

// evenly spaced samples; `reverse` puts the light end first
function sample(interpolate: (t: number) => string, n: number, reverse: boolean): Rgb[] {
  return Array.from({ length: n }, (_, i) => {
    const t = n === 1 ? 0.5 : i / (n - 1);
    return parseColour(interpolate(reverse ? 1 - t : t));
  });
}

/** RGB of `#rrggbb` or `rgb(r, g, b)`, the two forms d3-scale-chromatic returns. */
export function parseColour(css: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(css);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`invalid colour: ${css}; expected #rrggbb or rgb(r, g, b)`);
}
