import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { okabeIto, withAlpha, type Rgb } from '../../lib/colours';
import { FLAT_MARKS } from './point-columns';

export interface BoundaryProperties {
  code: string;
  name: string;
}
export type BoundaryFeature = Feature<Polygon | MultiPolygon, BoundaryProperties>;
export type BoundaryCollection = FeatureCollection<Polygon | MultiPolygon, BoundaryProperties>;

export interface UserBoundariesLayerOptions {
  /** Stable across renders: `d:<dataset id>`. */
  id: string;
  /** Keep the same object between renders: deck.gl re-tessellates when it changes. */
  data: BoundaryCollection;
  visible: boolean;
  colour: Rgb;
  /** 0–1, of the outline. */
  opacity: number;
  /**
   * 'fill': the faint, pickable wash (drawn under choropleths, so that their values win the
   * tooltip); 'outline': the lines only, not pickable (drawn over every area layer).
   */
  part: 'fill' | 'outline';
}

/** The id of a boundary layer's outline part: the fill part has the dataset's layer id. */
export const outlineLayerId = (id: string) => `${id}:outline`;

/** The style of one part of a boundary layer, the same whether it is drawn from a collection or from tiles. */
export function boundaryPartProps({ id, colour, opacity, part }: Pick<UserBoundariesLayerOptions, 'id' | 'colour' | 'opacity' | 'part'>) {
  const fill = part === 'fill';
  return {
    id: fill ? id : outlineLayerId(id),
    pickable: fill,
    autoHighlight: fill,
    highlightColor: withAlpha(okabeIto.skyBlue, 90),
    filled: fill,
    stroked: !fill,
    getFillColor: withAlpha(colour, Math.round(opacity * 28)),
    getLineColor: withAlpha(colour, Math.round(opacity * 255)),
    getLineWidth: 1.5,
    lineWidthUnits: 'pixels' as const,
    lineJointRounded: true,
    parameters: FLAT_MARKS,
  };
}

/**
 * A user's boundary set, in two parts: outlines in the dataset's colour, and a faint wash of it
 * that makes the inside of an area pickable, for its tooltip.
 */
export function createUserBoundariesLayer({ id, data, visible, colour, opacity, part }: UserBoundariesLayerOptions) {
  return new GeoJsonLayer<BoundaryProperties>({ ...boundaryPartProps({ id, colour, opacity, part }), data, visible });
}
