/**
 * Two readings of a ranking for deciding where to act: the coverage gap (risk that no intervention
 * yet answers) and the small-denominator flag (areas so small that their per-population rates are
 * unstable: one site more or less moves them a lot). Both run on typed arrays in the plan's area
 * order, so a weight slider recomputes the gap with the scores.
 */

/**
 * An area whose population is under this is flagged (rates per 100,000 of fewer than 10,000
 * people move by 10 or more with a single site).
 */
export const DEFAULT_MIN_POPULATION = 10_000;

/**
 * Per area, score × (1 − coverage): the risk left uncovered, 0–10 as the score. Coverage is 0–1
 * (clamped); an area without a score has no gap (NaN), one without a known coverage counts as
 * uncovered (0: interventions are recorded, so none recorded means none).
 *
 * @example
 * coverageGaps(Float64Array.of(8, 6, NaN), Float64Array.of(0.5, 0, 1)); // Float64Array [4, 6, NaN]
 */
export function coverageGaps(scores: ArrayLike<number>, coverage: ArrayLike<number>, out = new Float64Array(scores.length)): Float64Array {
  for (let a = 0; a < scores.length; a++) {
    const c = coverage[a];
    const covered = Number.isFinite(c) ? Math.min(1, Math.max(0, c)) : 0;
    out[a] = scores[a] * (1 - covered);
  }
  return out;
}

/**
 * Per area, 1 when its population is known and under `minPopulation`, else 0 (an unknown
 * population is not flagged: nothing says it is small).
 *
 * @example
 * smallDenominators(Float64Array.of(2500, 50_000, NaN), 10_000); // Uint8Array [1, 0, 0]
 */
export function smallDenominators(population: ArrayLike<number>, minPopulation = DEFAULT_MIN_POPULATION, out = new Uint8Array(population.length)): Uint8Array {
  for (let a = 0; a < population.length; a++) out[a] = Number.isFinite(population[a]) && population[a] < minPopulation ? 1 : 0;
  return out;
}

/** An array in `areaCodes` order from values by code; NaN where there is none. */
export function byAreaOrder(areaCodes: readonly string[], values: Readonly<Record<string, number>> | null | undefined): Float64Array {
  return Float64Array.from(areaCodes, (code) => values?.[code] ?? Number.NaN);
}
