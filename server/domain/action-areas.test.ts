import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData } from '../../test/helpers/shared-data';
import { ACTION_AREAS, ACTION_AREA_CODES, AUDIENCES, STRATEGIES, getActionArea, isActionAreaCode } from './action-areas';
import { BORDERLAND_CALLS, CATEGORIES } from './taxonomy';

// The seed ships with the design documents in shared/seed, beside the corpus (locally and in CI).
const seedFile = '../seed/theory-of-change-demand-sec.md';

describe('action areas', () => {
  it('lists every code once, in the seed order', () => {
    expect(ACTION_AREAS.map((a) => a.code)).toEqual([...ACTION_AREA_CODES]);
    expect(new Set(ACTION_AREA_CODES).size).toBe(27);
  });

  describeWithSharedData('against the seed text', [seedFile], ([seedPath]) => {
    const seed = readFileSync(seedPath, 'utf8');

    it('has exactly the action-area codes whose bold headings appear in the seed', () => {
      // Headings look like "**2.2 Building capacities:**" or "#### **4.1 The Committee …:**".
      const codes = [...seed.matchAll(/\*\*(\d[A-C]?\.\d)\s/g)].map((m) => m[1]);
      expect(codes.length).toBe(27);
      expect([...new Set(codes)].sort()).toEqual([...ACTION_AREA_CODES].sort());
    });

    it('takes each title from the words of its heading', () => {
      const heading = (code: string) => seed.match(new RegExp(`\\*\\*${code.replace('.', '\\.')} ([^*:]+)`))![1];
      expect(heading('6B.2')).toBe(getActionArea('6B.2').title);
      expect(heading('8.2')).toBe(getActionArea('8.2').title);
      expect(heading('5.1').startsWith(getActionArea('5.1').title)).toBe(true);
    });

    it('names every audience somewhere in the seed', () => {
      const text = seed.toLowerCase();
      const evidence: Record<string, string> = {
        'taxi-drivers': 'taxi drivers', 'tour-operators': 'tour operators', 'airport-staff': 'airport',
        'hotel-staff': 'hotel staff', 'transport-staff': 'transport business', 'entertainment-sector': 'entertainment sector',
        military: 'the military', 'peacekeepers-humanitarian': 'peacekeeping and humanitarian', ngos: 'ngos',
        'law-enforcement': 'law enforcement', 'sporting-event-organisers': 'sporting event organisers',
        'child-welfare-staff': 'child welfare programme staff', customs: 'customs authorities',
        'social-service-staff': 'social service', 'community-religious-leaders': 'community and religious leaders',
        'boys-men': 'boys and men', 'children-young-people': 'young people', 'parents-teachers': 'parents, teachers',
        travellers: 'travelling', media: 'media', 'research-organisations': 'research organisations',
        'municipal-councils': 'municipal councils', isps: 'internet service providers', 'private-sector': 'private sector',
        policymakers: 'policymakers',
      };
      expect(Object.keys(evidence).sort()).toEqual(AUDIENCES.map((a) => a.id).sort());
      for (const [id, phrase] of Object.entries(evidence)) expect(text, id).toContain(phrase);
    });
  });

  it('derives strategy and recommendation from the code', () => {
    expect(getActionArea('6B.3')).toEqual({ code: '6B.3', strategy: '6', recommendation: '6B', title: 'Engaging the customers about the code' });
    expect(getActionArea('4.6').strategy).toBe('4');
    expect(STRATEGIES.map((s) => s.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(STRATEGIES.flatMap((s) => s.recommendations.map((r) => r.code))).toEqual(
      [...new Set(ACTION_AREAS.map((a) => a.recommendation))],
    );
  });

  it('throws with the code in the message for an unknown code', () => {
    expect(() => getActionArea('9.9')).toThrow("Unknown action-area code '9.9'");
    expect(() => getActionArea('6.1')).toThrow("Unknown action-area code '6.1'");
    expect(isActionAreaCode('6A.1')).toBe(true);
    expect(isActionAreaCode('6A')).toBe(false);
  });

  it('refers only to existing action areas from audiences and the taxonomy', () => {
    const referenced = [
      ...AUDIENCES.flatMap((a) => a.actionAreas),
      ...CATEGORIES.flatMap((c) => c.actionAreas),
      ...BORDERLAND_CALLS.actionAreas,
    ];
    expect(referenced.length).toBeGreaterThan(60);
    for (const code of referenced) expect(getActionArea(code).code).toBe(code);
  });

  it('has unique audience ids', () => {
    expect(new Set(AUDIENCES.map((a) => a.id)).size).toBe(AUDIENCES.length);
    expect(AUDIENCES.find((a) => a.id === 'taxi-drivers')?.actionAreas).toEqual(['2.2']);
  });
});
