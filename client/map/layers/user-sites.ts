import { ScatterplotLayer } from '@deck.gl/layers';
import { okabeIto, withAlpha, type Rgb } from '../../lib/colours';

/** Points as columns: `positions` holds [lng0, lat0, lng1, lat1, …]. */
export interface SiteColumns {
  length: number;
  positions: Float64Array;
}

export interface UserSitesLayerOptions {
  /** Stable across renders: `d:<dataset id>`. */
  id: string;
  /** Keep the same object between renders. */
  data: SiteColumns;
  visible: boolean;
  colour: Rgb;
  /** 0–1. */
  opacity: number;
  radiusPx: number;
}

/** A user's sites: dots of the dataset's colour and size, outlined in white, from binary columns. */
export function createUserSitesLayer({ id, data, visible, colour, opacity, radiusPx }: UserSitesLayerOptions) {
  return new ScatterplotLayer({
    id,
    data: {
      length: data.length,
      attributes: { getPosition: { value: data.positions, size: 2 } },
    },
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(okabeIto.orange, 255),
    radiusUnits: 'pixels',
    getRadius: radiusPx,
    getFillColor: withAlpha(colour, Math.round(opacity * 255)),
    stroked: true,
    getLineColor: [255, 255, 255, Math.round(opacity * 220)],
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    // flat marks over the borderland band, which fills the depth buffer (see borderland.ts)
    parameters: { depthCompare: 'always', depthWriteEnabled: false },
  });
}
