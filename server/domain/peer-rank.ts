/** Where one area's value stands among the values of its peers (the areas of the same set, same period). */
export interface PeerRank {
  /** 1 for the highest value; tied values share the best rank (1, 2, 2, 4). */
  rank: number;
  /** Peers with a value, the area itself included. */
  of: number;
  /** Other peers with exactly the same value. */
  tiedWith: number;
}

/**
 * Ranks `value` among `peers` (which include it), highest first, competition ranking. A missing
 * value (NaN, ±Infinity) is not ranked and does not count among the peers: a missing indicator
 * is not a low one.
 *
 * @example
 * rankAmongPeers(7, [3, 7, 9, 7, NaN]) // → { rank: 2, of: 4, tiedWith: 1 }
 * rankAmongPeers(NaN, [1, 2])           // → null
 */
export function rankAmongPeers(value: number, peers: Iterable<number>): PeerRank | null {
  if (!Number.isFinite(value)) return null;
  let above = 0;
  let equal = 0;
  let of = 0;
  for (const p of peers) {
    if (!Number.isFinite(p)) continue;
    of++;
    if (p > value) above++;
    else if (p === value) equal++;
  }
  // the value is one of the peers; when a caller passed peers without it, count it in
  if (equal === 0) {
    of++;
    equal = 1;
  }
  return { rank: above + 1, of, tiedWith: equal - 1 };
}

/**
 * Orders periods as a trend reads them: by the first year they name (`2015-16`, `NFHS-5` with no
 * year last, by name), then by name, so that `2019` < `2019-20` < `2020`.
 *
 * @example
 * sortPeriods(['2020', 'NFHS-4', '2015-16', '2019']) // → ['2015-16', '2019', '2020', 'NFHS-4']
 */
export function sortPeriods(periods: readonly string[]): string[] {
  const yearOf = (p: string) => {
    const m = /(?:^|\D)(\d{4})(?:\D|$)/.exec(p);
    return m ? Number(m[1]) : Infinity;
  };
  return [...periods].sort((a, b) => yearOf(a) - yearOf(b) || (a < b ? -1 : a > b ? 1 : 0));
}
