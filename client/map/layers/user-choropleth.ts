import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { okabeIto, sequentialColour, withAlpha, type Rgba } from '../../lib/colours';
import { FLAT_MARKS } from './point-columns';

export interface ChoroplethProperties {
  code: string;
  name: string;
  /** NaN for an area without a value. */
  value: number;
  period: string;
  indicator: string;
}
export type ChoroplethFeature = Feature<Polygon | MultiPolygon, ChoroplethProperties>;
export type ChoroplethCollection = FeatureCollection<Polygon | MultiPolygon, ChoroplethProperties>;

export interface UserChoroplethLayerOptions {
  /** Stable across renders: `d:<dataset id>`. */
  id: string;
  /** Areas with their values; keep the same object between renders. */
  data: ChoroplethCollection;
  visible: boolean;
  /** The values at the two ends of the colour scale. */
  domain: [number, number];
  /** 0–1, of the fill. */
  opacity: number;
}

// an area without a value is a light grey, never the colour of the lowest values
const noValue: Rgba = [150, 150, 150, 150];

/** Observations as a choropleth: each area filled on the sequential scale (viridis) by its value. */
export function createUserChoroplethLayer({ id, data, visible, domain, opacity }: UserChoroplethLayerOptions) {
  const [min, max] = domain;
  const alpha = Math.round(opacity * 255);
  return new GeoJsonLayer<ChoroplethProperties>({
    id,
    data,
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(okabeIto.skyBlue, 120),
    filled: true,
    stroked: true,
    getFillColor: (f) => {
      const colour = sequentialColour(max > min ? (f.properties.value - min) / (max - min) : 0.5);
      return colour ? withAlpha(colour, alpha) : noValue;
    },
    getLineColor: [255, 255, 255, 200],
    getLineWidth: 0.8,
    lineWidthUnits: 'pixels',
    parameters: FLAT_MARKS,
    updateTriggers: { getFillColor: [min, max, alpha] },
  });
}
