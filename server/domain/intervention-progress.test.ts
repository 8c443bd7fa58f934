import { describe, expect, it } from 'vitest';
import { progressSeries } from './intervention-progress';
import { summarise3w } from './intervention-3w';

describe('progressSeries', () => {
  it('sums each member’s latest measurement on every date against the summed target', () => {
    const s = progressSeries([
      { id: 'a', reachTarget: 100, entries: [{ recordedOn: '2026-03-31', reach: 90 }, { recordedOn: '2026-01-31', reach: 40 }] },
      { id: 'b', reachTarget: 300, entries: [{ recordedOn: '2026-02-28', reach: 60 }] },
      // no target: counted on neither side
      { id: 'c', reachTarget: null, entries: [] },
    ]);
    expect(s).toEqual({
      target: 400,
      members: 2,
      points: [
        { date: '2026-01-31', reach: 40, share: 0.1 },
        { date: '2026-02-28', reach: 100, share: 0.25 },
        { date: '2026-03-31', reach: 150, share: 0.375 },
      ],
    });
  });

  it('keeps a fall in a member’s running total (a corrected count) and has no share without a target', () => {
    expect(progressSeries([{ id: 'a', reachTarget: 50, entries: [{ recordedOn: '2026-01-01', reach: 30 }, { recordedOn: '2026-02-01', reach: 20 }] }]).points.map((p) => p.reach)).toEqual([30, 20]);
    expect(progressSeries([])).toEqual({ target: 0, members: 0, points: [] });
  });
});

describe('summarise3w', () => {
  it('counts interventions by organisation × action area × area, leaving cancelled ones out', () => {
    const rows = summarise3w([
      { id: '1', organisation: 'Sample NGO', actionArea: '8.2', status: 'ongoing', reachTarget: 100, reached: 40, areas: [{ code: 'A', name: 'Sample A' }, { code: 'B', name: 'Sample B' }] },
      { id: '2', organisation: 'Sample NGO', actionArea: '8.2', status: 'planned', reachTarget: 50, reached: null, areas: [{ code: 'A', name: 'Sample A' }] },
      { id: '3', organisation: 'Sample NGO', actionArea: '2.2', status: 'completed', reachTarget: null, reached: null, areas: [{ code: 'B', name: 'Sample B' }] },
      { id: '4', organisation: 'Another sample', actionArea: '2.2', status: 'cancelled', reachTarget: 10, reached: 5, areas: [{ code: 'A', name: 'Sample A' }] },
    ]);
    expect(rows.map((r) => [r.organisation, r.actionArea, r.areaCode, r.interventions, r.planned, r.ongoing, r.completed, r.reachTarget, r.reached])).toEqual([
      ['Sample NGO', '2.2', 'B', 1, 0, 0, 1, 0, 0],
      ['Sample NGO', '8.2', 'A', 2, 1, 1, 0, 150, 40],
      ['Sample NGO', '8.2', 'B', 1, 0, 1, 0, 100, 40],
    ]);
    expect(rows[0].actionAreaTitle).toBe('Building capacities');
  });
});
