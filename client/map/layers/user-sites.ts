import { ScatterplotLayer } from '@deck.gl/layers';
import { okabeIto, withAlpha, type Rgb } from '../../lib/colours';
import { binaryPoints, FLAT_MARKS, type PointColumns } from './point-columns';

export interface UserSitesLayerOptions {
  /** Stable across renders: `d:<dataset id>`. */
  id: string;
  /** Keep the same object between renders. */
  data: PointColumns;
  visible: boolean;
  colour: Rgb;
  /** 0–1. */
  opacity: number;
  radiusPx: number;
}

/** A site's fill and outline in the dataset's colour and opacity, from columns or from tiles. */
export function siteColours(colour: Rgb, opacity: number) {
  return { fill: withAlpha(colour, Math.round(opacity * 255)), outline: withAlpha([255, 255, 255], Math.round(opacity * 220)) };
}

export const SITE_HIGHLIGHT = withAlpha(okabeIto.orange, 255);

/**
 * The radius of a mark standing for `count` sites (tiles group them when zoomed out): a single
 * site's radius, growing with the logarithm of the count to 2× at 1,000 sites and no further
 * (the grid cells are 8 px apart: larger marks would hide their neighbours).
 *
 * @example siteRadiusPx(6, 10) // 8
 */
export function siteRadiusPx(radiusPx: number, count: number): number {
  return radiusPx * Math.min(2, 1 + Math.log10(Math.max(1, count)) / 3);
}

/** A user's sites: dots of the dataset's colour and size, outlined in white, from binary columns. */
export function createUserSitesLayer({ id, data, visible, colour, opacity, radiusPx }: UserSitesLayerOptions) {
  const colours = siteColours(colour, opacity);
  return new ScatterplotLayer({
    id,
    data: binaryPoints(data),
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: SITE_HIGHLIGHT,
    radiusUnits: 'pixels',
    getRadius: radiusPx,
    getFillColor: colours.fill,
    stroked: true,
    getLineColor: colours.outline,
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    parameters: FLAT_MARKS,
  });
}
