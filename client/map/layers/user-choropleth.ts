import { GeoJsonLayer } from '@deck.gl/layers';
import { ClipExtension, FillStyleExtension } from '@deck.gl/extensions';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { okabeIto, withAlpha, type Rgb, type Rgba } from '../../lib/colours';
import { FLAT_MARKS } from './point-columns';

export interface ChoroplethProperties {
  code: string;
  name: string;
  /** NaN for an area without a value. */
  value: number;
  period: string;
  indicator: string;
  /** A second indicator's value, for a bivariate map (NaN for none). */
  second?: number;
  secondIndicator?: string;
}
export type ChoroplethFeature = Feature<Polygon | MultiPolygon, ChoroplethProperties>;
export type ChoroplethCollection = FeatureCollection<Polygon | MultiPolygon, ChoroplethProperties>;

export interface UserChoroplethLayerOptions {
  /** Stable across renders: `d:<dataset id>`, or `f:<boundary set>:<factor>`. */
  id: string;
  /** Areas with their values; keep the same object between renders. */
  data: ChoroplethCollection;
  visible: boolean;
  /** The class of an area, lowest 0; −1 for no value (features/layers/classify.ts, bivariate.ts). */
  classOf: (properties: ChoroplethProperties) => number;
  /** One colour per class, lowest first. */
  colours: readonly Rgb[];
  /** Changes whenever `classOf` would give other classes (the breaks), to recolour. */
  classKey: string;
  /** 0–1, of the whole layer. */
  opacity: number;
  /**
   * Drawn on one side of a swipe divider: built with deck.gl's ClipExtension, its `clipBounds`
   * set as the divider moves (map/swipe.tsx). @default false
   */
  clipped?: boolean;
}

/**
 * How an area without a value is drawn: dark grey hatching on a pale grey ground. Hatched, not a
 * flat grey, because cividis's middle class is a grey; and never the colour of the lowest class.
 */
export const NO_DATA_STYLE = { hatch: [90, 90, 90] as Rgb, ground: [226, 226, 226] as Rgb, gapPx: 5, strokePx: 2, angleDeg: 45 };

const hatching = new FillStyleExtension({ proceduralPattern: true });
const clipping = new ClipExtension();
const patterns = { 'no-data': { type: 'hatch', strokeWidth: NO_DATA_STYLE.strokePx, gap: NO_DATA_STYLE.gapPx, angle: NO_DATA_STYLE.angleDeg } } as const;
const noDataGround: Rgba = withAlpha(NO_DATA_STYLE.ground, 255);
const noGround: Rgba = [0, 0, 0, 0];

/**
 * Areas filled by the class of their value; areas without one hatched. Restyling (breaks,
 * colours) recolours through `updateTriggers` without re-tessellating the geometry.
 */
export function createUserChoroplethLayer({ id, data, visible, classOf: classOfArea, colours, classKey, opacity, clipped = false }: UserChoroplethLayerOptions) {
  const fills = colours.map((c) => withAlpha(c, 255));
  const noData = withAlpha(NO_DATA_STYLE.hatch, 255);
  const classOf = (f: Feature<Geometry, ChoroplethProperties>) => classOfArea(f.properties);
  return new GeoJsonLayer<ChoroplethProperties>({
    id,
    data,
    visible,
    opacity,
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(okabeIto.skyBlue, 120),
    filled: true,
    stroked: true,
    getFillColor: (f) => {
      const c = classOf(f);
      // −2: outside the user's range filter, left unfilled (its outline stays)
      return c === -2 ? noGround : c < 0 ? noData : fills[Math.min(c, fills.length - 1)];
    },
    getLineColor: [255, 255, 255, 200],
    getLineWidth: 0.8,
    lineWidthUnits: 'pixels',
    parameters: FLAT_MARKS,
    extensions: clipped ? [hatching, clipping] : [hatching],
    // the whole world until the swipe divider sets its side
    ...(clipped ? { clipBounds: [-720, -90, 720, 90] } : {}),
    fillPatternMapping: patterns,
    fillPatternSizeUnits: 'pixels',
    getFillPattern: (f: Feature<Geometry, ChoroplethProperties>) => (classOf(f) === -1 ? 'no-data' : 'none'),
    getFillPatternBackgroundColor: (f: Feature<Geometry, ChoroplethProperties>) => (classOf(f) === -1 ? noDataGround : noGround),
    updateTriggers: {
      getFillColor: [classKey, colours.join(';')],
      getFillPattern: classKey,
      getFillPatternBackgroundColor: classKey,
    },
  } as ConstructorParameters<typeof GeoJsonLayer<ChoroplethProperties>>[0]);
}
