/**
 * Seeded random models and leaf scores for the risk engine's tests: trees of every aggregation,
 * with missing leaves, zero leaves and zero weights, so properties are checked on many shapes.
 */
import { mulberry32 } from '../../../test/helpers/seeded-random';
import { AGGREGATIONS, type ModelChild, type ModelNode, type RiskModel } from './model-file';
import type { LeafData } from './scoring-plan';

/**
 * A random model of depth ≤ 3 with 1–5 children per node, its leaves `normalisation: 'none'`
 * (so leaf scores are the data), and data for `areaCount` areas: about 15 % of values missing and
 * 5 % exactly 0 (when `zeros`).
 *
 * @example
 * const { model, data, areaCodes } = randomModel(7, 50);
 */
export function randomModel(seed: number, areaCount: number, { zeros = true } = {}): { model: RiskModel; data: LeafData; areaCodes: string[] } {
  const random = mulberry32(seed);
  let next = 0;
  const data: Record<string, Record<string, number | null>> = {};
  const areaCodes = Array.from({ length: areaCount }, (_, a) => `A${a}`);
  const node = (depth: number): ModelChild => {
    const id = `n${next++}`;
    const weight = random() < 0.1 ? 0 : Math.round(random() * 30) / 10 + 0.1;
    if (depth >= 3 || (depth > 0 && random() < 0.35)) {
      data[id] = Object.fromEntries(areaCodes.map((code) => {
        const r = random();
        return [code, r < 0.15 ? null : zeros && r < 0.2 ? 0 : Math.round(random() * 1000) / 100];
      }));
      return { id, indicator: id, normalisation: 'none', weight };
    }
    const children = Array.from({ length: 1 + Math.floor(random() * 5) }, () => node(depth + 1));
    return { id, aggregation: AGGREGATIONS[Math.floor(random() * 3)], weight, children };
  };
  const root = node(0) as ModelNode;
  return { model: { name: `random ${seed}`, root }, data, areaCodes };
}
