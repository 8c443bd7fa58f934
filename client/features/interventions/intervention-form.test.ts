import { describe, expect, it } from 'vitest';
import { emptyForm, formFromRecord, parseAmount, toInput, toPatch, validateForm, type InterventionFormValues } from './intervention-form';

const filled = (over: Partial<InterventionFormValues> = {}): InterventionFormValues => ({
  ...emptyForm(),
  title: '  Training for taxi drivers ',
  actionArea: '2.2',
  audiences: ['taxi-drivers'],
  targets: [{ kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL', name: 'Nepal' }],
  partner: 'Sample NGO',
  startDate: '2026-01-15',
  endDate: '2026-06-30',
  budget: '12 500,50',
  currency: 'usd',
  reachTarget: '800',
  ...over,
});

describe('the intervention form', () => {
  it('turns the typed values into the API input: trimmed, numbers parsed, names of targets left out', () => {
    expect(toInput(filled())).toEqual({
      title: 'Training for taxi drivers',
      actionArea: '2.2',
      audiences: ['taxi-drivers'],
      targets: [{ kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' }],
      partner: 'Sample NGO',
      status: 'planned',
      startDate: '2026-01-15',
      endDate: '2026-06-30',
      budget: 12500.5,
      currency: 'USD',
      reachTarget: 800,
      notes: '',
      sensitivity: 'internal',
    });
  });

  it('reads empty fields as none, not as zero', () => {
    const input = toInput({ ...emptyForm(), title: 'T', actionArea: '5.1' });
    expect(input.budget).toBeNull();
    expect(input.reachTarget).toBeNull();
    expect(input.partner).toBeNull();
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('12a')).toBeNaN();
  });

  it('gives back the record it was filled from', () => {
    const record = { title: 'T', actionArea: '8.2' as const, audiences: ['children-young-people' as const], targets: [], partner: null, status: 'ongoing' as const, startDate: null, endDate: null, budget: 0, currency: 'EUR', reachTarget: null, notes: 'n', sensitivity: 'public' as const };
    expect(toInput(formFromRecord(record))).toEqual(record);
  });

  it('names each field to fix with a message key', () => {
    const problems = validateForm(filled({ title: ' ', actionArea: '', endDate: '2025-12-31', currency: '' }));
    expect(problems.map((p) => [p.field, p.key]).sort()).toEqual([
      ['actionArea', 'actionAreaRequired'],
      ['currency', 'currencyNeeded'],
      ['endDate', 'endBeforeStart'],
      ['title', 'titleRequired'],
    ]);
    expect(validateForm(filled({ budget: '-5' })).map((p) => p.key)).toEqual(['budgetNegative']);
    expect(validateForm(filled({ reachTarget: '10.5' })).map((p) => p.key)).toEqual(['wholeNumber']);
    expect(validateForm(filled({ budget: 'lots' })).map((p) => [p.field, p.key])).toEqual([['budget', 'notANumber']]);
    expect(validateForm(filled())).toEqual([]);
  });

  it('patches only the fields that changed', () => {
    const opened = filled();
    expect(toPatch(opened, { ...opened })).toEqual({});
    expect(toPatch(opened, { ...opened, status: 'ongoing', budget: '13000', targets: [...opened.targets, { kind: 'circle', center: [85.3, 27.7], radiusM: 5000 }] })).toEqual({
      status: 'ongoing',
      budget: 13000,
      targets: [
        { kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' },
        { kind: 'circle', center: [85.3, 27.7], radiusM: 5000 },
      ],
    });
    // the same number typed differently is no change
    expect(toPatch(opened, { ...opened, budget: '12500.5' })).toEqual({});
  });
});
