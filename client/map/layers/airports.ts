import { ScatterplotLayer } from '@deck.gl/layers';
import { okabeIto, withAlpha } from '../../lib/colours';
import { binaryPoints, FLAT_MARKS, type PointColumns } from './point-columns';

export interface AirportsLayerOptions {
  /** Keep the same object between renders. */
  data: PointColumns;
  visible: boolean;
}

export const AIRPORTS_LAYER_ID = 'airports';

const fill = withAlpha(okabeIto.blue, 230);

/** Airports: small fixed-size dots, drawn from binary columns (no object per airport). */
export function createAirportsLayer({ data, visible }: AirportsLayerOptions) {
  return new ScatterplotLayer({
    id: AIRPORTS_LAYER_ID,
    data: binaryPoints(data),
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(okabeIto.orange, 255),
    // about 4 km: a dot of 1.5 px on the world view (7,000 of them), up to 5 px zoomed in
    radiusUnits: 'meters',
    getRadius: 4000,
    radiusMinPixels: 1.5,
    radiusMaxPixels: 5,
    getFillColor: fill,
    stroked: false,
    parameters: FLAT_MARKS,
  });
}
