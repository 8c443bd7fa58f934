/**
 * The Okabe–Ito palette: eight colours that stay distinct for the common forms of colour
 * blindness (Okabe & Ito, "Color Universal Design", 2008). RGB, 0–255.
 */
export const okabeIto = {
  black: [0, 0, 0],
  orange: [230, 159, 0],
  skyBlue: [86, 180, 233],
  bluishGreen: [0, 158, 115],
  yellow: [240, 228, 66],
  blue: [0, 114, 178],
  vermillion: [213, 94, 0],
  reddishPurple: [204, 121, 167],
} as const satisfies Record<string, readonly [number, number, number]>;

export type Rgb = readonly [number, number, number];
export type Rgba = [number, number, number, number];

/** A palette colour with an alpha channel (0–255), as deck.gl wants it. */
export function withAlpha(rgb: Rgb, alpha: number): Rgba {
  return [rgb[0], rgb[1], rgb[2], alpha];
}

/** The same colour as a CSS string, for legends beside the map. */
export function toCss(rgb: Rgb, alpha = 1): string {
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})`;
}

/** The Okabe–Ito palette as the `#rrggbb` strings a dataset's style stores, in palette order. */
export const okabeItoHex: { name: keyof typeof okabeIto; hex: string }[] = (Object.keys(okabeIto) as (keyof typeof okabeIto)[]).map(
  (name) => ({ name, hex: toHex(okabeIto[name]) }),
);

/** `#rrggbb` of an RGB colour. */
export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The RGB of a `#rrggbb` string; `fallback` for anything else. */
export function fromHex(hex: string | null | undefined, fallback: Rgb): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '');
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : fallback;
}

// viridis (van der Walt & Smith, matplotlib), ten evenly spaced stops: sequential, perceptually
// uniform, readable with the common colour-vision deficiencies and in greyscale
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84], [72, 40, 120], [62, 73, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37],
];

/**
 * A sequential colour for `t` in 0–1, on viridis reversed: pale yellow for low values, dark
 * purple for high ones (darker reads as "more" on a light map). NaN gives null: no value is not 0.
 */
export function sequentialColour(t: number): Rgb | null {
  if (!Number.isFinite(t)) return null;
  const x = (1 - Math.min(1, Math.max(0, t))) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The sequential scale as a CSS gradient, low values on the left, for legends. */
export function sequentialGradientCss(): string {
  const stops = Array.from({ length: VIRIDIS.length }, (_, i) => {
    const c = sequentialColour(i / (VIRIDIS.length - 1))!;
    return `${toCss(c)} ${Math.round((i / (VIRIDIS.length - 1)) * 100)}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
