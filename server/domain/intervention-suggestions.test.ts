import { describe, expect, it } from 'vitest';
import { suggestForArea } from './intervention-suggestions';

// A sample area (not a real place): 2 rail stations, 14 internet cafés, 30 % in the borderland.
const area = { boundarySetId: 'sample-set', code: 'S1', name: 'Sample district' };

describe('suggestForArea', () => {
  const suggestions = suggestForArea({
    area,
    sites: [
      { id: 'transit.rail-station', factor: 'sites-count', value: 2 },
      { id: 'internet-cafe', factor: 'sites-count', value: 14 },
      { id: 'tourism.resort', factor: 'sites-count', value: 0 },
    ],
    borderlandShare: 0.3,
    covered: new Map([['2.2', ['iv-1']]]),
  });

  it('lists the action areas its factors call for, most called-for first, with the values that triggered each', () => {
    expect(suggestions.map((s) => s.code)).toEqual(['2.1', '2.2', '4.4', '5.1', '6A.1', '8.2']);
    const training = suggestions.find((s) => s.code === '2.2')!;
    expect(training.because).toEqual([
      { id: 'transit.rail-station', factor: 'sites-count', value: 2 },
      { id: 'borderland', factor: 'borderland-share', value: 0.3 },
    ]);
    // transport staff and taxi drivers for the station, customs and law enforcement for the border
    expect(training.audiences).toEqual(['transport-staff', 'taxi-drivers', 'customs', 'law-enforcement']);
    expect(suggestions.find((s) => s.code === '6A.1')!.because).toEqual([{ id: 'internet-cafe', factor: 'sites-count', value: 14 }]);
  });

  it('leaves out categories with no site and marks what interventions already cover', () => {
    expect(suggestions.some((s) => s.because.some((b) => b.id === 'tourism.resort'))).toBe(false);
    expect(suggestions.find((s) => s.code === '2.2')!.coveredBy).toEqual(['iv-1']);
    expect(suggestions.find((s) => s.code === '2.1')!.coveredBy).toEqual([]);
  });

  it('makes a planned draft that targets the area', () => {
    expect(suggestions.find((s) => s.code === '4.4')!.draft).toEqual({
      title: 'Developing national laws that focus on demand — Sample district',
      actionArea: '4.4',
      audiences: [],
      targets: [{ kind: 'area', boundarySetId: 'sample-set', code: 'S1' }],
      status: 'planned',
    });
  });

  it('counts a protected count shown as <k as present', () => {
    const s = suggestForArea({ area, sites: [{ id: 'child-welfare-institution', factor: 'sites-count', value: null, below: 10 }], covered: new Map() });
    expect(s.map((x) => x.code)).toEqual(['2.2', '8.1']);
    expect(s[0].because[0]).toEqual({ id: 'child-welfare-institution', factor: 'sites-count', value: null, below: 10 });
  });

  it('suggests nothing for an area without risk factors', () => {
    expect(suggestForArea({ area, sites: [], borderlandShare: 0, covered: new Map() })).toEqual([]);
  });
});
