/**
 * The weight-slider recompute of issue 9: 50,000 areas × 12 leaves (seeded values, 5 % missing)
 * under a three-level model like the default one — risk = geometric mean of three INFORM-mean
 * dimensions, each of two arithmetic components of two leaves. Each step changes one weight and
 * rescores every area (score, class, rank): with the typed-array engine as a slider does it
 * (a Rescorer recomputing the moved node's ancestors from cached logarithms), with the
 * typed-array engine recomputing every node (scoreAreas into a reused buffer), and with the plain
 * object version (server/domain/risk/object-score.ts: recursion with map/filter/reduce per area,
 * then a sort), side by side in the same run, on the same normalised leaf scores: normalisation
 * does not depend on weights, so neither side redoes it. Both must give the same scores.
 *
 *   node --import tsx test/bench/risk.ts [--areas 50000] [--steps 42]
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../helpers/seeded-random';
import { classifyScores, INFORM_2025_CLASSES } from '../../server/domain/risk/classify-score';
import { explainScores } from '../../server/domain/risk/explain-scores';
import type { ModelNode, RiskModel } from '../../server/domain/risk/model-file';
import { scoreObjects, type ObjectArea } from '../../server/domain/risk/object-score';
import { createRankScratch, rankScores } from '../../server/domain/risk/rank-scores';
import { Rescorer } from '../../server/domain/risk/rescorer';
import { createScores, rootScores, scoreAreas } from '../../server/domain/risk/score-areas';
import { prepareScoring, resolveWeights } from '../../server/domain/risk/scoring-plan';
import { flagValue, formatMs } from './bench-cli';

export interface RiskBenchResult {
  areas: number;
  leaves: number;
  prepareMs: number;
  /** Median per slider move: Rescorer (ancestors of the moved node only), classes, ranks. */
  sliderMs: number;
  /** Median per full recompute of every node (scoreAreas), classes, ranks. */
  fullMs: number;
  /** The same span in process CPU time (less sensitive to other work on the machine). */
  sliderCpuMs: number;
  /** Of a slider move: the Rescorer update and the classes. */
  sliderScoresMs: number;
  /** Of a slider move: rankScores. */
  rankMs: number;
  objectMs: number;
  /** objectMs / sliderMs and objectMs / fullMs. */
  sliderRatio: number;
  fullRatio: number;
  explainMs: number;
  maxDifference: number;
}

/** The benchmark's model: 3 dimensions × 2 components × 2 leaves, min-max on the data's range. */
export function benchModel(): RiskModel {
  const leaf = (id: string) => ({ id, indicator: id, normalisation: 'minmax' as const });
  const component = (id: string): ModelNode => ({ id, aggregation: 'arithmetic', children: [leaf(`${id}-a`), leaf(`${id}-b`)] });
  const dimension = (id: string): ModelNode => ({ id, aggregation: 'inform-geometric', children: [component(`${id}-1`), component(`${id}-2`)] });
  return { name: 'bench', root: { id: 'risk', aggregation: 'geometric', children: ['exposure', 'vulnerability', 'coping'].map(dimension) } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export function benchRisk({ areaCount = 50_000, steps = 42, log = console.log } = {}): RiskBenchResult {
  const model = benchModel();
  const random = mulberry32(9);
  const areaCodes = Array.from({ length: areaCount }, (_, a) => `A${a}`);
  const indicators: string[] = [];
  const walk = (n: ModelNode): void => n.children.forEach((c) => ('indicator' in c ? indicators.push(c.indicator) : walk(c)));
  walk(model.root);
  const data = Object.fromEntries(indicators.map((id) => [id, Object.fromEntries(areaCodes.map((code) => [code, random() < 0.05 ? null : random() * 100]))]));

  let t = performance.now();
  const plan = prepareScoring(model, data, { areaCodes });
  const prepareMs = performance.now() - t;
  const objects: ObjectArea[] = areaCodes.map((code, a) => ({
    code, leaves: Object.fromEntries(plan.leaves.map((l, i) => {
      const x = plan.leafScores[i * areaCount + a];
      return [l.id, Number.isNaN(x) ? null : x];
    })),
  }));

  // every step moves one slider (there is one per node but the root) to a seeded new weight
  const sliders = plan.nodes.filter((n) => n.parent >= 0).map((n) => n.id);
  const moves = Array.from({ length: steps }, (_, i) => ({ [sliders[(i * 5) % sliders.length]]: 0.25 + 2 * random() }));

  const buffer = createScores(plan);
  const ranks = new Float64Array(areaCount);
  const rankScratch = createRankScratch(areaCount);
  const classes = new Int8Array(areaCount);
  const classify = (scores: Float64Array) => classifyScores(scores, INFORM_2025_CLASSES, classes);
  const rescorer = new Rescorer(plan);
  const slider = (move: Record<string, number>) => {
    for (const [id, w] of Object.entries(move)) rescorer.setWeight(id, w);
    const scores = rescorer.update();
    classify(scores);
    return scores;
  };
  const full = (weights: Record<string, number>) => {
    const scores = rootScores(plan, scoreAreas(plan, { weights: resolveWeights(plan, weights) }, buffer));
    classify(scores);
    rankScores(scores, ranks, rankScratch);
    return scores;
  };
  for (let i = 0; i < 5; i++) { full(moves[i]); slider(moves[i]); } // warm-up
  const sliderTimes: number[] = [];
  const scoreTimes: number[] = [];
  // CPU time of the process over the same span: what the move costs when the cores are shared
  const sliderCpuTimes: number[] = [];
  const fullTimes: number[] = [];
  const rankTimes: number[] = [];
  const objectTimes: number[] = [];
  let maxDifference = 0;
  const initial = Object.fromEntries(plan.nodes.map((node, i) => [node.id, rescorer.weights[i]]));
  const weightsAt: Record<string, number>[] = [];
  moves.reduce((w, move) => (weightsAt.push({ ...w, ...move }), { ...w, ...move }), initial);
  // the object version first, on every fourth step (it is slow), so that the garbage it leaves
  // is collected before the typed timings rather than during them
  const plainAt = new Map<number, (number | null)[]>();
  for (let step = 0; step < moves.length; step += 4) {
    t = performance.now();
    const plain = scoreObjects(model, objects, weightsAt[step]);
    objectTimes.push(performance.now() - t);
    plainAt.set(step, plain.map((p) => p.score));
  }
  (globalThis as { gc?: () => void }).gc?.();
  // the slider moves in a row, as a user makes them; the full recomputes after, apart, so that
  // neither's garbage or cache misses land in the other's timings
  for (const [step, move] of moves.entries()) {
    const cpu = process.cpuUsage();
    t = performance.now();
    const scores = slider(move);
    const scored = performance.now();
    rankScores(scores, ranks, rankScratch);
    const ranked = performance.now();
    const used = process.cpuUsage(cpu);
    scoreTimes.push(scored - t);
    rankTimes.push(ranked - scored);
    sliderTimes.push(ranked - t);
    sliderCpuTimes.push((used.user + used.system) / 1000);
    plainAt.get(step)?.forEach((p, a) => {
      const d = p === null ? (Number.isNaN(scores[a]) ? 0 : Infinity) : Math.abs(p - scores[a]);
      if (d > maxDifference) maxDifference = d;
    });
  }
  (globalThis as { gc?: () => void }).gc?.();
  for (const step of moves.keys()) {
    t = performance.now();
    full(weightsAt[step]);
    fullTimes.push(performance.now() - t);
  }
  const finalWeights = Float64Array.from(rescorer.weights);
  t = performance.now();
  explainScores(plan, scoreAreas(plan, { weights: finalWeights }), finalWeights);
  const explainMs = performance.now() - t;

  const sliderMs = median(sliderTimes);
  const fullMs = median(fullTimes);
  const objectMs = median(objectTimes);
  const result: RiskBenchResult = {
    areas: areaCount, leaves: plan.leaves.length, prepareMs, sliderMs, sliderCpuMs: median(sliderCpuTimes), fullMs, sliderScoresMs: median(scoreTimes), rankMs: median(rankTimes), objectMs,
    sliderRatio: objectMs / sliderMs, fullRatio: objectMs / fullMs, explainMs, maxDifference,
  };
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const met = (x: number, ratio: number) => (x <= 4 && ratio >= 40 ? 'met' : 'NOT met');
  log(`risk      ${areaCount.toLocaleString('en')} areas × ${result.leaves} leaves: prepare (normalise every leaf) ${formatMs(prepareMs)}, once per data change; objects with map/reduce ${formatMs(objectMs)} per recompute (median of ${objectTimes.length})`);
  log(`risk      slider move (Rescorer: the moved node's ancestors), classes and ranks: ${ms(sliderMs)} (CPU ${ms(result.sliderCpuMs)}), of which scores and classes ${ms(result.sliderScoresMs)} and ranks ${ms(result.rankMs)} (medians each); ${result.sliderRatio.toFixed(0)}× faster than objects (goal ≤ 4 ms and ≥ 40×: ${met(sliderMs, result.sliderRatio)}; scores and classes alone ${met(result.sliderScoresMs, objectMs / result.sliderScoresMs)})`);
  log(`risk      full recompute (every node), classes and ranks: ${ms(fullMs)}, ${result.fullRatio.toFixed(0)}× faster than objects; medians of ${sliderTimes.length}; largest score difference from objects ${maxDifference.toExponential(1)}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  log(`risk      explanations (every leaf's contribution, every area): ${formatMs(explainMs)}`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchRisk({ areaCount: Number(flagValue('--areas') ?? 50_000), steps: Number(flagValue('--steps') ?? 42) });
}
