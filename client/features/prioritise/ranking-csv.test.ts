import { describe, expect, it } from 'vitest';
import { rankingCsv } from './ranking-csv';
import type { RankingRow } from './ranking-rows';

const row = (code: string, name: string, score: number, rank: number): RankingRow => ({
  index: rank, code, name, score, rank, classIndex: Number.isNaN(score) ? -1 : 1, reliability: 0.75, p5Rank: Number.NaN, p95Rank: Number.NaN, topShare: Number.NaN,
  medianRank: Number.NaN, coverage: 0.25, coverageGap: Number.isNaN(score) ? Number.NaN : score * 0.75, population: rank === 1 ? 4000 : Number.NaN, smallDenominator: rank === 1,
});
const headers = { rank: 'rank', code: 'code', name: 'name', score: 'score', class: 'class', reliability: 'reliability', p5Rank: 'rank_p5', p95Rank: 'rank_p95', topShare: 'top_share', medianRank: 'rank_median', coverage: 'coverage', coverageGap: 'coverage_gap', population: 'population', smallDenominator: 'small_denominator', contribution: (id: string) => `contribution:${id}` };

describe('rankingCsv', () => {
  it('writes the best rank first, areas without a score last with empty cells, and neutralises formulas', () => {
    const csv = rankingCsv({
      rows: [row('B', 'Plain, with comma', Number.NaN, Number.NaN), row('A', '=HYPERLINK("http://x")', 6.123456, 1)],
      classLabels: ['Low', 'High'],
      leafIds: ['cm'],
      contributions: (r) => [Number.isNaN(r.score) ? Number.NaN : 1.5],
      about: [['model', 'Demand for SEC'], ['weights', '{"coping":2}'], ['note', '+1 trick']],
      headers,
    });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('rank,code,name,score,class,reliability,rank_p5,rank_p95,top_share,contribution:cm,rank_median,coverage,coverage_gap,population,small_denominator');
    expect(lines[1]).toBe(`1,A,"'=HYPERLINK(""http://x"")",6.1235,High,0.75,,,,1.5,,0.25,4.5926,4000,yes`);
    expect(lines[2]).toBe(',B,"Plain, with comma",,,0.75,,,,,,0.25,,,no');
    expect(lines.slice(3)).toEqual(['', 'model,Demand for SEC', 'weights,"{""coping"":2}"', "note,'+1 trick", '']);
  });
});
