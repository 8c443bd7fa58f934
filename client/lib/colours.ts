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
