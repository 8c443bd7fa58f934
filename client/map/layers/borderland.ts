import { PathLayer } from '@deck.gl/layers';
import type { Feature, LineString, Position } from 'geojson';
import { okabeIto, withAlpha } from '../../lib/colours';

export type BorderFeature = Feature<LineString, { a: string; b: string }>;

export interface BorderlandLayerOptions {
  /** The land borders' features; keep the same array between renders. */
  data: BorderFeature[];
  visible: boolean;
  /** Zone width on each side of a border. */
  widthKm: number;
}

export const BORDERLAND_LAYER_ID = 'borderland';

const colour = withAlpha(okabeIto.vermillion, 105);

/**
 * The borderland zone: every land border drawn as a band `widthKm` wide on each side, with
 * rounded caps and joins — what a buffer of the border looks like. Width changes go through
 * `updateTriggers`, so the paths are not rebuilt while the slider moves.
 */
export function createBorderlandLayer({ data, visible, widthKm }: BorderlandLayerOptions) {
  return new PathLayer<BorderFeature>({
    id: BORDERLAND_LAYER_ID,
    data,
    visible,
    pickable: false,
    getPath: (f) => f.geometry.coordinates as Position[] as [number, number][],
    getColor: colour,
    getWidth: 2 * widthKm * 1000,
    widthUnits: 'meters',
    // still a visible band when zoomed far out
    widthMinPixels: 2,
    capRounded: true,
    jointRounded: true,
    // each pixel of the band is blended once: where segments overlap (at every joint) the second
    // fragment has the same depth as the first and fails the 'less' test
    parameters: { depthCompare: 'less', depthWriteEnabled: true },
    updateTriggers: { getWidth: widthKm },
  });
}
