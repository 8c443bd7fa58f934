/** The ranked table's rows, read from the scorer's typed arrays, and their sort orders. */
import type { PriorityScorer } from './priority-scorer';

export interface RankingRow {
  /** The area's index in the plan (and in the scorer's arrays). */
  index: number;
  code: string;
  name: string;
  /** 0–10; NaN without a score. */
  score: number;
  /** NaN without a score. */
  rank: number;
  /** Index into the scorer's classes, -1 without a score. */
  classIndex: number;
  /** 0–1: share of the leaves present and up to date. */
  reliability: number;
  /** The 5th and 95th percentile rank over the Monte Carlo draws, when run. */
  p5Rank: number;
  p95Rank: number;
  /** Share of the draws, 0–1, in which the area ranked in the top N. */
  topShare: number;
  /** The median rank over the draws, when run. */
  medianRank: number;
  /** 0–1 by the interventions the viewer may see (0 where none reaches). */
  coverage: number;
  /** score × (1 − coverage), 0–10; NaN without a score. */
  coverageGap: number;
  /** The denominator's value; NaN when unknown. */
  population: number;
  /** Population known and under the screen's minimum. */
  smallDenominator: boolean;
}

export type SortKey = 'rank' | 'name' | 'score' | 'class' | 'reliability' | 'gap' | 'median' | 'range' | 'top';
export type SortDirection = 'ascending' | 'descending';

export interface RankRange {
  medianRank: Float64Array;
  p5Rank: Float64Array;
  p95Rank: Float64Array;
  topShare: Float64Array;
}

/** Per area in the plan's order: the coverage, the gap, the population and its flag. */
export interface AreaExtras {
  coverage: Float64Array;
  coverageGap: Float64Array;
  population: Float64Array;
  smallDenominator: Uint8Array;
}

/**
 * One row per area, in the plan's order.
 *
 * @example
 * rankingRows(scorer, names).find((r) => r.rank === 1); // the top area
 */
export function rankingRows(scorer: PriorityScorer, names: ReadonlyMap<string, string>, range?: RankRange | null, extras?: AreaExtras | null): RankingRow[] {
  return scorer.plan.areaCodes.map((code, a) => ({
    index: a,
    code,
    name: names.get(code) ?? code,
    score: scorer.scores[a],
    rank: scorer.ranks[a],
    classIndex: scorer.classIndex[a],
    reliability: scorer.reliability(a),
    p5Rank: range ? range.p5Rank[a] : Number.NaN,
    p95Rank: range ? range.p95Rank[a] : Number.NaN,
    topShare: range ? range.topShare[a] : Number.NaN,
    medianRank: range ? range.medianRank[a] : Number.NaN,
    coverage: extras ? extras.coverage[a] : Number.NaN,
    coverageGap: extras ? extras.coverageGap[a] : Number.NaN,
    population: extras ? extras.population[a] : Number.NaN,
    smallDenominator: extras ? extras.smallDenominator[a] === 1 : false,
  }));
}

const value = (row: RankingRow, key: SortKey): number | string => {
  switch (key) {
    case 'rank': return row.rank;
    case 'name': return row.name;
    case 'score': return row.score;
    case 'class': return row.classIndex < 0 ? Number.NaN : row.classIndex;
    case 'reliability': return row.reliability;
    case 'gap': return row.coverageGap;
    case 'median': return row.medianRank;
    case 'range': return row.p95Rank - row.p5Rank;
    case 'top': return row.topShare;
  }
};

export interface RowFilter {
  /** Class indices to keep; empty keeps every class. */
  classes?: ReadonlySet<number>;
  /** Keep areas whose reliability is at least this (0–1). @default 0 */
  minReliability?: number;
  /** Drop the areas without a score. @default false */
  scoredOnly?: boolean;
  /** Keep only the areas of these regions (region of each area by code); empty keeps every one. */
  regions?: ReadonlySet<string>;
  regionOf?: ReadonlyMap<string, string>;
}

/**
 * The rows a filter keeps (a class filter also drops areas without a score).
 *
 * @example
 * filterRows(rows, { classes: new Set([3, 4]), minReliability: 0.5 }); // High and Very High, half their inputs or more
 */
export function filterRows(rows: readonly RankingRow[], { classes, minReliability = 0, scoredOnly = false, regions, regionOf }: RowFilter): RankingRow[] {
  return rows.filter((r) =>
    (!scoredOnly || r.classIndex >= 0) && (!classes || classes.size === 0 || classes.has(r.classIndex)) && r.reliability >= minReliability
    && (!regions || regions.size === 0 || regions.has(regionOf?.get(r.code) ?? '')));
}

/**
 * The rows sorted by a column; areas without a value (no score, no range) last in either
 * direction, ties by rank then code, so the order never depends on the previous one.
 *
 * @example
 * sortRows(rows, 'score', 'descending')[0]; // the highest score
 */
export function sortRows(rows: readonly RankingRow[], key: SortKey, direction: SortDirection, collator = new Intl.Collator()): RankingRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byRank = (a: RankingRow, b: RankingRow) => {
    const ra = Number.isNaN(a.rank) ? Infinity : a.rank;
    const rb = Number.isNaN(b.rank) ? Infinity : b.rank;
    return ra - rb || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  };
  return [...rows].sort((a, b) => {
    const va = value(a, key);
    const vb = value(b, key);
    if (typeof va === 'string' && typeof vb === 'string') return sign * collator.compare(va, vb) || byRank(a, b);
    const na = Number.isNaN(va as number);
    const nb = Number.isNaN(vb as number);
    if (na !== nb) return na ? 1 : -1;
    if (!na && va !== vb) return sign * ((va as number) - (vb as number));
    return byRank(a, b);
  });
}

/** Rows the table draws at first, and how many more each "show more" adds. */
export const TABLE_PAGE = 250;

/**
 * The rows the table draws: the first `limit` of the sorted rows, extended to reach the selected
 * area's row when it lies further down (a click on the map shows its row). Drawing every row of a
 * 5,000-area set took React over a second on each weight change; the map and the counts still
 * take every area.
 *
 * @example
 * tableWindow(sorted, TABLE_PAGE, -1).length // min(sorted.length, 250)
 */
export function tableWindow(rows: readonly RankingRow[], limit: number, selectedIndex: number): readonly RankingRow[] {
  if (rows.length <= limit) return rows;
  const selectedAt = selectedIndex < 0 ? -1 : rows.findIndex((r) => r.index === selectedIndex);
  return rows.slice(0, Math.max(limit, selectedAt + 1));
}
