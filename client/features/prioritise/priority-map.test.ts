import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { classColours } from './class-palette';
import { classCounts, featureAreas, featureColours, shareClasses, unreliableFeatures } from './priority-map';
import { PriorityScorer } from './priority-scorer';

const square = (code: string) => ({ type: 'Feature' as const, properties: { code }, geometry: { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } });
const areas: FeatureCollection = { type: 'FeatureCollection', features: [square('B'), square('Q'), square('A'), square('C')] };
const model = { name: 'm', root: { id: 'risk', aggregation: 'arithmetic' as const, children: [
  { id: 'x', indicator: 'x', normalisation: 'none' as const }, { id: 'y', indicator: 'y', normalisation: 'none' as const },
] } };
// A has both inputs, B one of two (reliability 0.5: not hatched), C none
const scorer = () => new PriorityScorer(model, { x: { A: 9, B: 3 }, y: { A: 7 } }, ['A', 'B', 'C']);

describe('the class map', () => {
  it('matches features to areas by code, colours them by class and leaves an unscored feature transparent', () => {
    const s = scorer();
    const f = featureAreas(areas, s.plan.areaCodes);
    expect(Array.from(f)).toEqual([1, -1, 0, 2]);
    const rgba = featureColours(s.classIndex, f, classColours(5), 190);
    const colours = classColours(5);
    // A scores 8 (Very High), B 3 (Low), C nothing
    expect(Array.from(rgba.subarray(0, 4))).toEqual([...colours[1], 190]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([0, 0, 0, 0]);
    expect(Array.from(rgba.subarray(8, 12))).toEqual([...colours[4], 190]);
    expect(Array.from(rgba.subarray(12, 16))).toEqual([150, 150, 150, 190]);
  });

  it('hatches scored areas with under half of their inputs, and counts areas per class', () => {
    const s = new PriorityScorer({ ...model, root: { ...model.root, children: [...model.root.children, { id: 'z', indicator: 'z', normalisation: 'none' as const }] } }, { x: { A: 9, B: 3 }, y: { A: 7 }, z: { A: 1 } }, ['A', 'B', 'C']);
    const f = featureAreas(areas, s.plan.areaCodes);
    expect(unreliableFeatures(areas, f, s).features.map((x) => x.properties!.code)).toEqual(['B']);
    expect(classCounts(s)).toEqual({ perClass: [0, 1, 0, 1, 0], noScore: 1, unreliable: 1 });
  });

  it('puts top-N shares in fifths, counted like classes', () => {
    const s = scorer();
    const shares = shareClasses(Float64Array.of(0.95, 0.2, Number.NaN));
    expect(Array.from(shares)).toEqual([4, 1, -1]);
    expect(Array.from(shareClasses(Float64Array.of(0, 0.19, 1)))).toEqual([0, 0, 4]);
    expect(classCounts(s, shares, 5)).toEqual({ perClass: [0, 1, 0, 0, 1], noScore: 1, unreliable: 0 });
  });
});
