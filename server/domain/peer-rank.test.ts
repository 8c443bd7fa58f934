import { describe, expect, it } from 'vitest';
import { rankAmongPeers, sortPeriods } from './peer-rank';

describe('rankAmongPeers', () => {
  it('ranks the highest value first and gives tied values the same rank', () => {
    const peers = [3, 7, 9, 7, 1];
    expect(peers.map((v) => rankAmongPeers(v, peers)!.rank)).toEqual([4, 2, 1, 2, 5]);
    expect(rankAmongPeers(7, peers)).toEqual({ rank: 2, of: 5, tiedWith: 1 });
  });

  it('leaves missing values out of the peers and does not rank a missing value', () => {
    expect(rankAmongPeers(2, [NaN, 2, Infinity, 5])).toEqual({ rank: 2, of: 2, tiedWith: 0 });
    expect(rankAmongPeers(NaN, [1, 2])).toBeNull();
  });

  it('agrees with a sort of every peer on seeded random values', () => {
    let s = 7;
    const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
    const peers = Array.from({ length: 200 }, () => Math.round(rand() * 40));
    const sorted = [...peers].sort((a, b) => b - a);
    for (const v of peers) {
      const r = rankAmongPeers(v, peers)!;
      expect(r.rank).toBe(sorted.indexOf(v) + 1);
      expect(r.tiedWith).toBe(peers.filter((p) => p === v).length - 1);
      expect(r.of).toBe(200);
    }
  });
});

describe('sortPeriods', () => {
  it('orders periods by the first year they name, those without a year last', () => {
    expect(sortPeriods(['2020', 'NFHS-4', '2015-16', '2019', '2019-20', 'NFHS-5'])).toEqual(['2015-16', '2019', '2019-20', '2020', 'NFHS-4', 'NFHS-5']);
  });
});
