import { ScatterplotLayer } from '@deck.gl/layers';
import { okabeIto, withAlpha } from '../../lib/colours';
import { binaryPoints, FLAT_MARKS, type PointColumns } from './point-columns';

/** Places as columns: `positions` holds [lng0, lat0, …], `radiiM` one radius per place. */
export interface PlaceColumns extends PointColumns {
  radiiM: Float32Array;
}

export interface PlacesLayerOptions {
  /** Keep the same object between renders. */
  data: PlaceColumns;
  visible: boolean;
}

export const PLACES_LAYER_ID = 'places';

/** How places are drawn, from whole columns (here) or from tiles (tile-layers.ts). */
export const placeStyle = {
  fill: withAlpha(okabeIto.reddishPurple, 140),
  highlight: withAlpha(okabeIto.orange, 255),
  // villages stay visible, cities don't cover their region
  minRadiusPx: 1,
  maxRadiusPx: 14,
};

/** A place's circle radius: its area grows with its population (1,000 people per km² of disc). */
export function placeRadiusM(population: number): number {
  return Math.sqrt(Math.max(population, 0) / 1000 / Math.PI) * 1000;
}

/**
 * Populated places (≈135,000): circles sized by population in metres, clamped to 1–14 px so
 * that villages stay visible and cities don't cover their region; binary columns, no objects.
 */
export function createPlacesLayer({ data, visible }: PlacesLayerOptions) {
  return new ScatterplotLayer({
    id: PLACES_LAYER_ID,
    data: binaryPoints(data, { getRadius: { value: data.radiiM, size: 1 } }),
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: placeStyle.highlight,
    radiusUnits: 'meters',
    radiusMinPixels: placeStyle.minRadiusPx,
    radiusMaxPixels: placeStyle.maxRadiusPx,
    getFillColor: placeStyle.fill,
    stroked: false,
    parameters: FLAT_MARKS,
  });
}
