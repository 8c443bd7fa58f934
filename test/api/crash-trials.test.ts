import { describe, expect, it } from 'vitest';
import { benchCrash } from '../bench/crash';

// Three of the crash bench's seeded trials (npm run bench -- crash runs 20, and 5 on PostgreSQL).
describe('crash safety', () => {
  it('loses nothing acknowledged and leaves nothing half-written when killed at seeded moments of an import', async () => {
    const lines: string[] = [];
    // kills in the first half of a 300,000-point import, so that a loaded CI machine still kills before it ends
    const trials = await benchCrash({ trials: 3, seed: 7, points: 300_000, maxKillAt: 0.5, log: (l) => lines.push(l) });
    expect(trials.map((t) => t.problems), lines.join('\n')).toEqual([[], [], []]);
    expect(trials.every((t) => t.killedAt > 0 && t.killedAt < 1)).toBe(true);
  }, 600_000);
});
