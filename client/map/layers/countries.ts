import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { okabeIto, withAlpha } from '../../lib/colours';

export interface CountryProperties {
  /** ISO 3166-1 alpha-3. */
  code: string;
  iso2: string | null;
  isoNumeric: string | number | null;
  name: string;
}
export type CountryFeature = Feature<Polygon | MultiPolygon, CountryProperties>;
export type CountryCollection = FeatureCollection<Polygon | MultiPolygon, CountryProperties>;

export interface CountriesLayerOptions {
  /** Keep the same object between renders: deck.gl re-tessellates when it changes. */
  data: CountryCollection;
  visible: boolean;
  /** The open country (alpha-3), outlined; null for none. */
  selectedCode: string | null;
}

export const COUNTRIES_LAYER_ID = 'countries';

// a pale yellow wash over the basemap's land, distinct from its blue-grey sea
const fill = withAlpha(okabeIto.yellow, 80);
const outline = withAlpha([70, 70, 70], 150);
const selectedOutline = withAlpha(okabeIto.black, 255);
const highlight = withAlpha(okabeIto.skyBlue, 80);

/** Countries: light fill and outline, pickable, highlighted under the pointer. */
export function createCountriesLayer({ data, visible, selectedCode }: CountriesLayerOptions) {
  return new GeoJsonLayer<CountryProperties>({
    id: COUNTRIES_LAYER_ID,
    data,
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: highlight,
    filled: true,
    stroked: true,
    // the open country keeps its fill (so the borderland band reads the same on both sides of its
    // border) and gets a heavy outline
    getFillColor: fill,
    getLineColor: (f) => (f.properties.code === selectedCode ? selectedOutline : outline),
    getLineWidth: (f) => (f.properties.code === selectedCode ? 3 : 0.8),
    lineWidthUnits: 'pixels',
    lineJointRounded: true,
    // no depth writes: the layers above are flat and drawn in order
    parameters: { depthWriteEnabled: false },
    updateTriggers: {
      getLineColor: selectedCode,
      getLineWidth: selectedCode,
    },
  });
}
