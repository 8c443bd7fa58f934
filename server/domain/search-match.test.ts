import { describe, expect, it } from 'vitest';
import { foldName, matchQuality, rankMatches } from './search-match';

const candidate = (name: string, weight = 0) => ({ key: foldName(name), weight, name });

describe('name search', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldName("  Côte d'Ivoire ")).toBe('cote d ivoire');
    expect(foldName('Saint-Louis')).toBe(foldName('saint louis'));
  });

  it('grades a match: whole name, beginning, beginning of a word, inside, none', () => {
    const q = foldName('lou');
    expect([foldName('Lou'), foldName('Louisville'), foldName('Port Louis'), foldName('Toulouse'), foldName('Paris')].map((n) => matchQuality(n, q))).toEqual([0, 1, 2, 3, null]);
  });

  it('ranks by match quality, then the shorter name, then weight', () => {
    const ranked = rankMatches([candidate('Delouise', 500), candidate('Port Louis', 100), candidate('Louisville', 50), candidate('Louis', 1), candidate('Louisiana', 999)], 'louis', 10);
    expect(ranked.map((r) => r.name)).toEqual(['Louis', 'Louisiana', 'Louisville', 'Port Louis', 'Delouise']);
    expect(ranked.map((r) => r.quality)).toEqual([0, 1, 1, 2, 3]);
  });

  it('breaks ties of quality and length by weight (a bigger place first) and keeps the limit', () => {
    const ranked = rankMatches([candidate('Patna', 10), candidate('Patna', 2_000_000), candidate('Patan', 5)], 'pat', 2);
    expect(ranked.map((r) => [r.name, r.weight])).toEqual([['Patna', 2_000_000], ['Patna', 10]]);
  });

  it('finds nothing for an empty query', () => {
    expect(rankMatches([candidate('Anything')], '  ', 5)).toEqual([]);
  });
});
