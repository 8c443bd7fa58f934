import { describe, expect, it } from 'vitest';
import { readCsv } from './read-table';
import { parseActivityCode, parseInterventionStatus, parseSheetDate, proposeInterventionFields, proposeThreeW, toInterventionRows } from './to-interventions';

// A sample 3W sheet: made-up organisations and districts.
const sheet = (text: string) => readCsv(text, { fileName: 'sample-3w.csv' });

describe('proposeInterventionFields', () => {
  it('proposes columns from header names', () => {
    expect(proposeInterventionFields(sheet('Organisation,Activity code,Admin2 Pcode,Status,Start date,End date,Budget,Currency\n'))).toEqual({
      orgField: 'Organisation', activityField: 'Activity code', areaField: 'Admin2 Pcode', statusField: 'Status', startField: 'Start date', endField: 'End date', budgetField: 'Budget', currencyField: 'Currency',
    });
  });

  it('proposes columns from HXL hashtags', () => {
    const t = sheet('Who,What,Where,State,From,To\n#org,#activity+code,#adm1+name,#status,#date+start,#date+end\nSample NGO,2.1,Sample district,ongoing,2026-01-01,2026-02-01\n');
    expect(proposeInterventionFields(t)).toEqual({ orgField: 'Who', activityField: 'What', areaField: 'Where', statusField: 'State', startField: 'From', endField: 'To' });
  });
});

describe('proposeThreeW', () => {
  it('takes a table for a 3W sheet only when its activity column holds action-area codes', () => {
    expect(proposeThreeW(sheet('Organisation,Activity code,Admin1 Pcode,Status\nSample NGO,2.2,SA-A,ongoing\nSample NGO,8.2 Online safety,SA-B,planned\n'))).toEqual({
      orgField: 'Organisation', activityField: 'Activity code', areaField: 'Admin1 Pcode', statusField: 'Status',
    });
    // an activity column of words, not codes: not a 3W sheet of this theory of change
    expect(proposeThreeW(sheet('Organisation,Activity,District,Status\nSample NGO,Training,Sample A,ongoing\nSample NGO,Campaign,Sample B,ongoing\n'))).toBeNull();
    // an indicator table: an area column and values, no activity or organisation
    expect(proposeThreeW(sheet('District,Year,Value\nSample A,2020,12.5\n'))).toBeNull();
    // activity and area but neither organisation nor status
    expect(proposeThreeW(sheet('Activity code,District\n2.2,Sample A\n'))).toBeNull();
    // a header without rows proves nothing
    expect(proposeThreeW(sheet('Organisation,Activity code,Admin1 Pcode,Status\n'))).toBeNull();
  });
});

describe('cells of a 3W sheet', () => {
  it('reads activity codes, status words and dates as 3W sheets write them', () => {
    expect(['2.2', '6b.1', '2.2 Building capacities', 'AA 8.5', '9.9', '2.22', ''].map(parseActivityCode)).toEqual(['2.2', '6B.1', '2.2', '8.5', null, null, null]);
    expect(['Ongoing', 'on-going', 'In progress', 'Finished', 'Canceled', 'en cours', 'maybe'].map(parseInterventionStatus)).toEqual(['ongoing', 'ongoing', 'ongoing', 'completed', 'cancelled', 'ongoing', null]);
    expect(parseSheetDate('2026-03-31')).toBe('2026-03-31');
    expect(parseSheetDate('31/03/2026')).toBe('2026-03-31');
    expect(parseSheetDate('2026-02', true)).toBe('2026-02-28');
    expect(parseSheetDate('2026')).toBe('2026-01-01');
    expect(parseSheetDate('2026', true)).toBe('2026-12-31');
    expect(parseSheetDate('')).toBeNull();
    expect(parseSheetDate('31/02/2026')).toBeUndefined();
    expect(parseSheetDate('soon')).toBeUndefined();
  });
});

describe('toInterventionRows', () => {
  it('reads one intervention per row and leaves out, naming row and column, what it cannot use', () => {
    const t = sheet([
      'Organisation,Activity code,Admin1 Pcode,Status,Start,End',
      'Sample NGO,2.2,SA-A,Ongoing,2026-01-15,2026-06-30',
      'Sample NGO,8.2,SA-B,,,',
      'Sample NGO,9.9,SA-A,ongoing,,',
      'Sample NGO,5.1,,ongoing,,',
      'Sample NGO,5.1,SA-A,someday,,',
      'Sample NGO,5.1,SA-A,planned,2026-05-01,2026-04-01',
    ].join('\n'));
    const r = toInterventionRows(t, {});
    expect(r.rows).toEqual([
      { areaKey: 'SA-A', row: 2, title: null, actionArea: '2.2', partner: 'Sample NGO', status: 'ongoing', startDate: '2026-01-15', endDate: '2026-06-30', budget: null, currency: null, reachTarget: null, reached: null },
      { areaKey: 'SA-B', row: 3, title: null, actionArea: '8.2', partner: 'Sample NGO', status: 'planned', startDate: null, endDate: null, budget: null, currency: null, reachTarget: null, reached: null },
    ]);
    expect(r.issues.map((i) => [i.row, i.field, i.message])).toEqual([
      [4, 'Activity code', "sample-3w.csv: row 4: '9.9' is not an action-area code of the theory of change (1.1 … 8.5, 6A.1, 6B.1 … 6B.4, 6C.1); the row is left out"],
      [5, 'Admin1 Pcode', "sample-3w.csv: row 5: no admin area in column 'Admin1 Pcode'; the row is left out"],
      [6, 'Status', "sample-3w.csv: row 6: status 'someday' is not planned, ongoing, completed or cancelled; the row is left out"],
      [7, 'End', 'sample-3w.csv: row 7: the end (2026-04-01) is before the start (2026-05-01); the row is left out'],
    ]);
  });

  it('says which column it could not find', () => {
    const r = toInterventionRows(sheet('Organisation,Where\nSample NGO,SA-A\n'), {});
    expect(r.rows).toEqual([]);
    expect(r.issues[0]).toMatchObject({ code: 'missing-column', field: 'activityField', message: 'sample-3w.csv: no column found for the activity (action-area) code; name it (columns: Organisation, Where)' });
  });

  it('proposes and reads budget, currency and reach (target and actual), naming row and column of what is wrong', () => {
    const t = sheet([
      'Organisation,Activity code,Admin1 Pcode,Budget,Currency,Reach target,Actual reach',
      'Sample NGO,2.2,SA-A,12500,usd,800,350',
      'Sample NGO,8.2,SA-B,,,500,',
      'Sample NGO,2.1,SA-A,-300,USD,100,20',
      'Sample NGO,2.1,SA-A,1000,ABC,100,20',
      'Sample NGO,3.1,SA-B,,,,40',
      'Sample NGO,3.1,SA-B,lots,USD,,',
      'Sample NGO,3.1,SA-B,100,,,',
      'Sample NGO,3.1,SA-B,,,10,-5',
    ].join('\n'));
    expect(proposeInterventionFields(t)).toMatchObject({ budgetField: 'Budget', currencyField: 'Currency', reachField: 'Reach target', reachedField: 'Actual reach' });
    const r = toInterventionRows(t, {});
    expect(r.rows.map((x) => [x.row, x.budget, x.currency, x.reachTarget, x.reached])).toEqual([[2, 12500, 'USD', 800, 350], [3, null, null, 500, null]]);
    expect(r.issues.map((i) => [i.row, i.field, i.message])).toEqual([
      [4, 'Budget', 'sample-3w.csv: row 4: budget -300 is negative; it cannot be below 0; the row is left out'],
      [5, 'Currency', "sample-3w.csv: row 5: currency 'ABC' is not an ISO 4217 code in use (such as USD, EUR or XOF); the row is left out"],
      [6, 'Actual reach', "sample-3w.csv: row 6: actual reach 40 with no reach target in column 'Reach target': set the people to reach first; the row is left out"],
      [7, 'Budget', "sample-3w.csv: row 7: budget 'lots' is not a number; the row is left out"],
      [8, 'Currency', 'sample-3w.csv: row 8: a budget of 100 without its currency; the row is left out'],
      [9, 'Actual reach', 'sample-3w.csv: row 9: actual reach -5 is negative; it cannot be below 0; the row is left out'],
    ]);
  });

  it('proposes reach columns from other header names and HXL hashtags', () => {
    expect(proposeInterventionFields(sheet('Organisation,Activity code,District,Target,People reached\n'))).toMatchObject({ reachField: 'Target', reachedField: 'People reached' });
    expect(proposeInterventionFields(sheet('Who,What,Where,Planned,Done\n#org,#activity+code,#adm1+name,#targeted,#reached\n'))).toMatchObject({ reachField: 'Planned', reachedField: 'Done' });
  });
});
