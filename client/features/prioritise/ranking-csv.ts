/**
 * The ranking as a CSV file, made in the browser: one row per area (best rank first) with its
 * score, class, reliability, rank range, each leaf's contribution, the median rank, coverage, coverage
 * gap, population and the small-denominator flag, then the model, weights and
 * the data's provenance under it. Every cell goes through the server's formula-injection guard.
 */
import { toCsv } from '../../../server/domain/csv';
import type { RankingRow } from './ranking-rows';

export interface RankingExport {
  rows: readonly RankingRow[];
  classLabels: readonly string[];
  /** Leaf ids in column order, and each row's contributions in that order (NaN: missing). */
  leafIds: readonly string[];
  contributions: (row: RankingRow) => readonly number[];
  /** Label/value pairs written under the table: model, version, boundary set, weights, sources, date. */
  about: readonly (readonly [string, string])[];
  headers: {
    rank: string; code: string; name: string; score: string; class: string; reliability: string; p5Rank: string; p95Rank: string; topShare: string; contribution: (leafId: string) => string;
    medianRank: string; coverage: string; coverageGap: string; population: string; smallDenominator: string;
  };
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

/**
 * @example
 * rankingCsv({ rows, classLabels, leafIds, contributions, about: [['Model', 'Demand for SEC']], headers });
 * // 'rank,code,name,score,…\r\n1,NER,Niger,7.12,…'
 */
export function rankingCsv({ rows, classLabels, leafIds, contributions, about, headers }: RankingExport): string {
  const ordered = [...rows].sort((a, b) => (Number.isNaN(a.rank) ? Infinity : a.rank) - (Number.isNaN(b.rank) ? Infinity : b.rank) || (a.code < b.code ? -1 : 1));
  const columns = [
    headers.rank, headers.code, headers.name, headers.score, headers.class, headers.reliability, headers.p5Rank, headers.p95Rank, headers.topShare, ...leafIds.map(headers.contribution),
    headers.medianRank, headers.coverage, headers.coverageGap, headers.population, headers.smallDenominator,
  ];
  const table = toCsv(columns, ordered.map((r) => [
    round(r.rank, 0), r.code, r.name, round(r.score, 4), r.classIndex >= 0 ? classLabels[r.classIndex] : null, round(r.reliability, 4),
    round(r.p5Rank, 1), round(r.p95Rank, 1), round(r.topShare, 4), ...contributions(r).map((c) => round(c, 4)),
    round(r.medianRank, 1), round(r.coverage, 4), round(r.coverageGap, 4), round(r.population, 0), r.smallDenominator ? 'yes' : 'no',
  ]));
  // the provenance under a blank line, two columns, so a spreadsheet shows it under the table
  const footer = toCsv(about[0] ? [about[0][0], about[0][1]] : [], about.slice(1).map(([k, v]) => [k, v]));
  return `${table}\r\n${footer}`;
}
