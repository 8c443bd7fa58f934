/**
 * The whole engine on test/fixtures/risk: a SAMPLE model over five made-up areas (no real
 * figures), with every expected value worked out by hand from the fixture:
 * - borderland 0.8, 0.1, 0.5, 0.05, 0.3 on fixed 0–1 → 8, 1, 5, 0.5, 3
 * - hubs capped at 20 (30 → 20), ln(x+1), min-max over ln 1 … ln 21 → 8.4248, 4.5534, 10, 0, 6.8301
 * - exposure = INFORM mean, weights 2:1 → 8.1486, 2.3589, 7.6491, 0.3359, 4.5562
 * - vulnerability = child marriage / 10 → 4, 1, missing, 2.5, 5.5
 * - lack of coping = mean of (services 1…5 reversed: 10, 0, 7.5, 2.5, missing) and
 *   (registration reversed: 4, 0.5, 3, 2, 5) → 7, 0.25, 5.25, 2.25, 5
 * - risk = geometric mean of the dimensions present → 6.1105, 0.8386, 6.3370, 1.2362, 5.0039
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCompositeScore } from './composite-score';
import { parseModel } from './model-file';
import type { LeafData } from './scoring-plan';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/risk');
const model = parseModel(fs.readFileSync(path.join(fixtures, 'sample-model.json'), 'utf8'));
const sample = JSON.parse(fs.readFileSync(path.join(fixtures, 'sample-observations.json'), 'utf8')) as { areaCodes: string[]; observations: LeafData };
const run = (weights?: Record<string, number>) =>
  computeCompositeScore(model, sample.observations, { areaCodes: sample.areaCodes, referenceYear: 2025, maxAgeYears: 5, weights });

describe('computeCompositeScore on the SAMPLE fixture', () => {
  it('gives the hand-computed scores, classes and ranks', () => {
    const { areas, meanScore } = run();
    [6.110546, 0.838593, 6.337003, 1.236244, 5.003926].forEach((s, i) => expect(areas[i].score).toBeCloseTo(s, 5));
    expect(meanScore).toBeCloseTo(3.905262, 5);
    expect(areas.map((a) => a.rank)).toEqual([2, 5, 1, 4, 3]);
    // 5.0039 is still Medium: INFORM 2025's High starts at 5.1
    expect(areas.map((a) => a.class)).toEqual(['High', 'Very Low', 'High', 'Very Low', 'Medium']);
    expect(areas[0].nodeScores.exposure).toBeCloseTo(8.148583, 5);
    expect(areas[1].nodeScores['lack-of-coping']).toBeCloseTo(0.25, 12);
  });

  it('leaves missing leaves out and counts them, with the old ones, in the reliability figure', () => {
    const { areas } = run();
    // SAMPLE-3: child marriage missing, services from 2012; SAMPLE-5: services missing
    expect(areas.map((a) => a.unreliableShare)).toEqual([0, 0, 0.4, 0, 0.2]);
    expect(areas[2].nodeScores.vulnerability).toBeNaN();
    expect(areas[4].nodeScores['lack-of-coping']).toBe(5); // registration alone, not (0 + 5)/2
  });

  it('explains each score: the contributions add up to its difference from the mean', () => {
    const { areas, meanScore } = run();
    for (const a of areas) {
      const sum = Object.values(a.contributions).reduce((x, y) => x + y, 0);
      expect(sum).toBeCloseTo(a.score - meanScore, 12);
    }
    expect(areas[2].contributions['child-marriage']).toBe(0);
    // SAMPLE-1 is well above the mean on borderland (8 against a mean of 3.5)
    expect(areas[0].contributions.borderland).toBeGreaterThan(0);
  });

  it('re-ranks when a weight changes', () => {
    // with exposure weighted 0, SAMPLE-3 (no vulnerability) scores on coping alone and drops
    const { areas } = run({ exposure: 0 });
    expect(areas[2].score).toBeCloseTo(5.25, 12);
    expect(areas.map((a) => a.rank)).toEqual([1, 5, 2, 4, 3]);
  });
});
