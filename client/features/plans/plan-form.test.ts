import { describe, expect, it } from 'vitest';
import { planInputSchema } from '../../../server/domain/plans';
import { formFromPlan, itemsOf, mergePlan, moveUp, problemsOf, rowOfDraft, rowOfIntervention, rowProblems, toCreateInput, toPatch } from './plan-form';

describe('the plan form', () => {
  const existing = rowOfIntervention({ id: 'iv-1', title: 'Sample checks', actionArea: '6A.1', status: 'ongoing', startDate: '2026-01-01', endDate: null });
  const drafted = rowOfDraft({ title: 'Campaign — Sample commune', actionArea: '2.1', status: 'planned', targets: [{ kind: 'area', boundarySetId: 's', code: 'A' }] });

  it('sends existing interventions by id and drafts as new ones, empty dates as null, and passes the domain’s schema', () => {
    const rows = [{ ...existing, responsibility: ' Mairie ' }, { ...drafted, endDate: '2026-12-31', notes: 'n' }];
    const input = toCreateInput({ boundarySetId: 's', code: 'A' }, { title: 'Plan', notes: '', sensitivity: 'internal', rows });
    expect(input.items).toEqual([
      { interventionId: 'iv-1', responsibility: 'Mairie', startDate: '2026-01-01', endDate: null, notes: '' },
      { newIntervention: drafted.newIntervention, responsibility: '', startDate: null, endDate: '2026-12-31', notes: 'n' },
    ]);
    expect(planInputSchema.safeParse(input).success).toBe(true);
    expect(toPatch({ title: 'Plan', notes: 'x', sensitivity: 'public', rows: [] })).toEqual({ title: 'Plan', notes: 'x', sensitivity: 'public', items: [] });
  });

  it('reads a saved plan back into rows that send the same items', () => {
    const plan = {
      title: 'Plan', notes: '', sensitivity: 'internal' as const,
      items: [{ interventionId: 'iv-1', intervention: { title: 'Sample checks', actionArea: '6A.1', status: 'ongoing' }, responsibility: 'Mairie', startDate: null, endDate: '2026-05-01', notes: '' }],
    };
    const form = formFromPlan(plan);
    expect(form.rows.map((r) => [r.title, r.actionArea, r.status])).toEqual([['Sample checks', '6A.1', 'ongoing']]);
    expect(itemsOf(form.rows)).toEqual([{ interventionId: 'iv-1', responsibility: 'Mairie', startDate: null, endDate: '2026-05-01', notes: '' }]);
  });

  it('merges a stale save: each field from the side that changed it, a clash kept as mine', () => {
    const base = { title: 'Plan', notes: 'n', sensitivity: 'internal' as const, rows: [{ ...existing, responsibility: 'Mairie' }] };
    const mine = { ...base, notes: 'my notes', rows: [{ ...existing, responsibility: 'Mairie' }, { ...drafted }] };
    const theirs = { ...base, title: 'Their title', notes: 'their notes', rows: base.rows.map((r) => ({ ...r, key: 'other-key' })) };
    const merged = mergePlan(base, mine, theirs);
    // the same items under other React keys are no change
    expect(merged.fields).toEqual({ title: 'theirs', notes: 'both', sensitivity: 'none', rows: 'mine' });
    expect([merged.values.title, merged.values.notes, merged.values.rows.length]).toEqual(['Their title', 'my notes', 2]);
    const theirRows = { ...base, rows: [{ ...existing, responsibility: 'Police municipale' }] };
    const m2 = mergePlan(base, { ...base, sensitivity: 'public' }, theirRows);
    expect(m2.fields).toEqual({ title: 'none', notes: 'none', sensitivity: 'mine', rows: 'theirs' });
    expect([m2.values.sensitivity, m2.values.rows[0].responsibility]).toEqual(['public', 'Police municipale']);
    expect(mergePlan(base, { ...base, title: 'Same' }, { ...base, title: 'Same' }).fields.title).toBe('same');
  });

  it('moves a row up and leaves the first in place', () => {
    expect(moveUp([existing, drafted], 1).map((r) => r.key)).toEqual([drafted.key, existing.key]);
    expect(moveUp([existing, drafted], 0).map((r) => r.key)).toEqual([existing.key, drafted.key]);
  });

  it('puts the server’s problems beside their fields and rows', () => {
    const p = problemsOf('patch.items.1.endDate: the end (2026-01-01) is before the start (2026-02-01); title: give the plan a title; something else');
    expect(p).toEqual({ 'items.1.endDate': ['the end (2026-01-01) is before the start (2026-02-01)'], title: ['give the plan a title'], '': ['something else'] });
    expect(rowProblems(p, 1)).toEqual({ endDate: ['the end (2026-01-01) is before the start (2026-02-01)'] });
    expect(rowProblems(p, 0)).toEqual({});
  });
});
