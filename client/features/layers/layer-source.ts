/** A layer with more features than this is drawn from vector tiles instead of being downloaded whole. */
export const TILES_ABOVE_FEATURES = 10_000;

/** Where a layer's features come from: the server's vector tiles, or one download of them all. */
export type LayerSource = 'tiles' | 'whole';

/**
 * How a layer of `featureCount` features is drawn (as the layer list and the catalogue report
 * it); undefined while the count is not known, so that nothing is downloaded whole by mistake.
 *
 * @example chooseLayerSource(135_233) // 'tiles'
 */
export function chooseLayerSource(featureCount: number | undefined): LayerSource | undefined {
  if (featureCount === undefined) return undefined;
  return featureCount > TILES_ABOVE_FEATURES ? 'tiles' : 'whole';
}
