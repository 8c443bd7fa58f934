import { GeoJsonLayer } from '@deck.gl/layers';
import { FillStyleExtension } from '@deck.gl/extensions';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { okabeIto, withAlpha } from '../../lib/colours';
import { FLAT_MARKS } from './point-columns';

export const RISK_CLASSES_LAYER_ID = 'risk-classes';
export const RISK_RELIABILITY_LAYER_ID = 'risk-reliability';

export interface RiskClassesLayerOptions {
  /** The boundary set's areas; keep the same object between renders (deck.gl re-tessellates a new one). */
  data: FeatureCollection;
  /** RGBA per feature of `data`, 4 bytes each, rewritten in place by a slider move. */
  fillColours: Uint8Array;
  /** Changes whenever `fillColours` was rewritten: recolours without re-tessellating. */
  colourVersion: number;
  /** Feature index of the selected area (outlined), -1 for none. */
  selectedIndex: number;
  visible: boolean;
}

const selectedOutline = withAlpha(okabeIto.black, 255);
const outline: [number, number, number, number] = [255, 255, 255, 180];

/**
 * The composite score's classes as a choropleth: each area filled by its class colour (from
 * `fillColours`, indexed by feature), the selected one outlined. Stable id, so a slider move
 * only updates the fill colour attribute.
 */
export function createRiskClassesLayer({ data, fillColours, colourVersion, selectedIndex, visible }: RiskClassesLayerOptions) {
  return new GeoJsonLayer({
    id: RISK_CLASSES_LAYER_ID,
    data,
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: withAlpha(okabeIto.skyBlue, 140),
    filled: true,
    stroked: true,
    getFillColor: (_: Feature, { index, target }: { index: number; target: number[] }) => {
      target[0] = fillColours[4 * index];
      target[1] = fillColours[4 * index + 1];
      target[2] = fillColours[4 * index + 2];
      target[3] = fillColours[4 * index + 3];
      return target as [number, number, number, number];
    },
    getLineColor: (_: Feature, { index }: { index: number }) => (index === selectedIndex ? selectedOutline : outline),
    getLineWidth: (_: Feature, { index }: { index: number }) => (index === selectedIndex ? 3 : 0.6),
    lineWidthUnits: 'pixels',
    parameters: FLAT_MARKS,
    updateTriggers: { getFillColor: colourVersion, getLineColor: selectedIndex, getLineWidth: selectedIndex },
  });
}

export interface RiskReliabilityLayerOptions {
  /** Only the areas to hatch (inputs missing or out of date); the same object while they stay the same. */
  data: FeatureCollection<Geometry>;
  visible: boolean;
}

const hatch = new FillStyleExtension({ proceduralPattern: true });
const HATCH = { hatch: { type: 'hatch', angle: 45, strokeWidth: 1.5, gap: 5 } } as const;

/** Diagonal hatching over the areas whose score rests on missing or out-of-date inputs. */
export function createRiskReliabilityLayer({ data, visible }: RiskReliabilityLayerOptions) {
  return new GeoJsonLayer({
    id: RISK_RELIABILITY_LAYER_ID,
    data,
    visible,
    pickable: false,
    filled: true,
    stroked: false,
    getFillColor: [40, 40, 40, 200],
    extensions: [hatch],
    fillPatternMapping: HATCH,
    fillPatternSizeUnits: 'pixels',
    getFillPattern: () => 'hatch',
    parameters: FLAT_MARKS,
  } as ConstructorParameters<typeof GeoJsonLayer>[0]);
}
