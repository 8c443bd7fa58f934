import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, Geometry } from 'geojson';
import { withAlpha, type Rgb } from '../../lib/colours';

export const INTERVENTIONS_LAYER_ID = 'interventions';

export interface InterventionsLayerOptions<P> {
  /** Keep the same object between renders: deck.gl re-tessellates when it changes. */
  data: FeatureCollection<Geometry, P>;
  visible: boolean;
  /** The colour of a feature. */
  colourOf: (properties: P) => Rgb;
  /** Changes when `colourOf` colours differently (the styling chosen): recolours without rebuilding. */
  colourKey: string;
}

/**
 * Interventions' targets: a translucent fill in the colour of their strategy or status, a solid
 * outline in the same colour, sites as dots; pickable for the tooltip.
 */
export function createInterventionsLayer<P>({ data, visible, colourOf, colourKey }: InterventionsLayerOptions<P>) {
  return new GeoJsonLayer<P>({
    id: INTERVENTIONS_LAYER_ID,
    data: data as never,
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: [0, 0, 0, 40],
    filled: true,
    stroked: true,
    getFillColor: (f) => withAlpha(colourOf(f.properties as P), 70),
    getLineColor: (f) => withAlpha(colourOf(f.properties as P), 230),
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
    pointType: 'circle',
    getPointRadius: 6,
    pointRadiusUnits: 'pixels',
    parameters: { depthWriteEnabled: false },
    updateTriggers: {
      getFillColor: colourKey,
      getLineColor: colourKey,
    },
  });
}
