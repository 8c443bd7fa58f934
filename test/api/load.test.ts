import { describe, expect, it } from 'vitest';
import { benchLoad } from '../bench/load';

// The 10-second version of `npm run load`: any error fails it (latencies are printed, not asserted).
describe('load', () => {
  it('answers 20 signed-in sessions mixing tiles, queries, profiles and edits for 10 s during an import, without an error', async () => {
    const lines: string[] = [];
    const r = await benchLoad({ sessions: 20, seconds: 10, importPoints: 200_000, log: (l) => lines.push(l) });
    console.log(lines.join('\n'));
    expect(r.errors, lines.join('\n')).toEqual([]);
    expect(Object.keys(r.routes).sort()).toEqual(['areas.profile', 'datasets.list', 'datasets.update', 'factors.get', 'tile']);
  }, 600_000);
});
