import { describe, expect, it } from 'vitest';
import { compareVersions, overwriteRequest, readConflict, type InterventionConflict } from './conflict';
import { formFromRecord } from './intervention-form';

const stored = { id: 'iv-1', version: 1, title: 'Campaign', actionArea: '2.1' as const, audiences: [], targets: [{ kind: 'area', boundarySetId: 's', code: 'A', name: 'Area A' }], partner: 'NGO A', status: 'planned' as const, startDate: null, endDate: null, budget: 100, currency: 'USD', reachTarget: null, notes: '', sensitivity: 'internal' as const };
const now = { ...stored, version: 2, partner: 'NGO B', budget: 150 };
const conflict: InterventionConflict = { yourVersion: 1, current: now, changedBy: 'other@test.local', changedAt: '2026-03-01T10:00:00.000Z', change: { partner: { from: 'NGO A', to: 'NGO B' }, budget: { from: 100, to: 150 } } };

describe('a stale save', () => {
  it('is read from the CONFLICT error, and only from it', () => {
    expect(readConflict({ data: { code: 'CONFLICT', conflict } })).toBe(conflict);
    expect(readConflict({ data: { code: 'BAD_REQUEST', conflict: null } })).toBeNull();
    expect(readConflict(new Error('x'))).toBeNull();
  });

  it('sets my change beside theirs, field by field, marking what both changed', () => {
    const opened = formFromRecord(stored);
    const mine = { ...opened, budget: '200', status: 'ongoing' as const };
    const rows = compareVersions(opened, mine, conflict);
    expect(rows.map((r) => [r.field, r.mine, r.theirs, r.clash])).toEqual([
      ['partner', 'NGO A', 'NGO B', false],
      ['status', 'ongoing', 'planned', false],
      ['budget', '200', '150', true],
    ]);
  });

  it('overwrites from the version now stored, with my change only', () => {
    const opened = formFromRecord(stored);
    const mine = { ...opened, budget: '200' };
    expect(overwriteRequest('iv-1', opened, mine, conflict)).toEqual({ id: 'iv-1', version: 2, patch: { budget: 200 } });
  });
});
