import { PathLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { MultiPolygon, Position } from 'geojson';
import { okabeIto, withAlpha } from '../../lib/colours';

export interface BorderlandLayerOptions {
  /** The zone (the server's `layers.borderlandZone`); keep the same object between renders. */
  data: MultiPolygon;
  visible: boolean;
  /** Drawn as its outline only, not filled: over a choropleth, so that the band does not muddy its colours. @default false */
  outlined?: boolean;
}

export const BORDERLAND_LAYER_ID = 'borderland';
export const BORDERLAND_OUTLINE_LAYER_ID = 'borderland-outline';

const colour = withAlpha(okabeIto.vermillion, 105);

/**
 * The borderland zone: the polygon of the land within the chosen width of a land border (the
 * union of the borders' buffers, holes included), filled half-transparent. Its parts never
 * overlap, so every pixel of the zone is blended once.
 */
export function createBorderlandLayer({ data, visible, outlined = false }: BorderlandLayerOptions) {
  if (outlined) {
    return new PathLayer<Position[]>({
      id: BORDERLAND_OUTLINE_LAYER_ID,
      // every ring, outer and holes: the band's edges on both sides
      data: data.coordinates.flat(),
      visible,
      pickable: false,
      getPath: (ring) => ring as [number, number][],
      getColor: withAlpha(okabeIto.vermillion, 255),
      getWidth: 2,
      widthUnits: 'pixels',
      parameters: { depthWriteEnabled: false },
    });
  }
  return new SolidPolygonLayer<Position[][]>({
    id: BORDERLAND_LAYER_ID,
    data: data.coordinates,
    visible,
    pickable: false,
    filled: true,
    // each polygon as its rings: the outer ring, then its holes
    getPolygon: (rings) => rings as [number, number][][],
    getFillColor: colour,
    // leave the depth buffer alone: the marks drawn above need no depth test against the zone
    parameters: { depthWriteEnabled: false },
  });
}
