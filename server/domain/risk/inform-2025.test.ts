/**
 * The check against published tables: with INFORM's tree (test/fixtures/risk/inform-2025-model.json)
 * and INFORM Risk 2025's six category scores, the engine reproduces INFORM RISK, its three
 * dimensions, its class and its rank for all 191 countries at one decimal. INFORM rounds each
 * figure (Excel ROUND, half away from zero) before the next level uses it, hence `decimals: 1`.
 * One level deeper, Natural (7 hazards), Human (2 conflict components) and Vulnerable Groups
 * (uprooted and other groups) are INFORM means of their published components, and reproduce too;
 * the other three categories are built from indicator-level figures the a-z sheet does not carry.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, expect, it } from 'vitest';
import { describeWithSharedData } from '../../../test/helpers/shared-data';
import { computeCompositeScore, type AreaScore } from './composite-score';
import { parseModel, type RiskModel } from './model-file';

const CSV = 'risk-index/inform_risk_2025_v070_a-z.csv';
const CATEGORIES = ['Natural', 'Human', 'Socio-Economic Vulnerability', 'Vulnerable Groups', 'Institutional', 'Infrastructure'];
const DIMENSIONS = { 'hazard-exposure': 'HAZARD & EXPOSURE', vulnerability: 'VULNERABILITY', 'lack-of-coping-capacity': 'LACK OF COPING CAPACITY' };
const readModel = (name: string): RiskModel => parseModel(fs.readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/risk', name), 'utf8'));
const model = readModel('inform-2025-model.json');
const deeper = readModel('inform-2025-components-model.json');

describeWithSharedData('INFORM Risk 2025 reproduced from its category scores', [CSV], ([csvPath]) => {
  let rows: Record<string, string>[];
  let byCode: Map<string, AreaScore>;
  beforeAll(() => {
    rows = Papa.parse<Record<string, string>>(fs.readFileSync(csvPath, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const data = Object.fromEntries(CATEGORIES.map((c) => [c, Object.fromEntries(rows.map((r) => [r.ISO3, Number(r[c])]))]));
    const { areas } = computeCompositeScore(model, data, { areaCodes: rows.map((r) => r.ISO3), decimals: 1 });
    byCode = new Map(areas.map((a) => [a.code, a]));
  });

  it('has the 191 countries with all six categories', () => {
    expect(rows).toHaveLength(191);
    for (const r of rows) for (const c of CATEGORIES) expect(Number.isFinite(Number(r[c])), `${r.ISO3} ${c}`).toBe(true);
  });

  it('reproduces INFORM RISK and the three dimensions with zero mismatches at one decimal', () => {
    const mismatches: string[] = [];
    for (const r of rows) {
      const area = byCode.get(r.ISO3)!;
      if (area.score !== Number(r['INFORM RISK'])) mismatches.push(`${r.ISO3} INFORM RISK ${area.score} ≠ ${r['INFORM RISK']}`);
      for (const [id, column] of Object.entries(DIMENSIONS)) {
        if (area.nodeScores[id] !== Number(r[column])) mismatches.push(`${r.ISO3} ${column} ${area.nodeScores[id]} ≠ ${r[column]}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('reproduces the published class and rank of every country', () => {
    const mismatches = rows
      .filter((r) => byCode.get(r.ISO3)!.class !== r['RISK CLASS'] || byCode.get(r.ISO3)!.rank !== Number(r.Rank))
      .map((r) => `${r.ISO3}: ${byCode.get(r.ISO3)!.class} #${byCode.get(r.ISO3)!.rank} ≠ ${r['RISK CLASS']} #${r.Rank}`);
    expect(mismatches).toEqual([]);
  });

  it('matches the worked examples of the data README', () => {
    const bgd = byCode.get('BGD')!;
    expect([bgd.score, bgd.class, bgd.nodeScores['hazard-exposure'], bgd.nodeScores.vulnerability, bgd.nodeScores['lack-of-coping-capacity']])
      .toEqual([6, 'High', 7.8, 6.1, 4.6]);
    expect(['NPL', 'NER', 'PHL', 'THA'].map((c) => [byCode.get(c)!.score, byCode.get(c)!.class])).toEqual([
      [4.6, 'Medium'], [7.8, 'Very High'], [5.4, 'High'], [4.3, 'Medium'],
    ]);
  });

  it('needs the rounding between levels: without it some countries come out a tenth off', () => {
    const data = Object.fromEntries(CATEGORIES.map((c) => [c, Object.fromEntries(rows.map((r) => [r.ISO3, Number(r[c])]))]));
    const { areas } = computeCompositeScore(model, data, { areaCodes: rows.map((r) => r.ISO3) });
    const off = areas.filter((a, i) => Math.round(a.score * 10) / 10 !== Number(rows[i]['INFORM RISK']));
    expect(off.length).toBeGreaterThan(0);
  });

  it('reproduces everything again with Natural, Human and Vulnerable Groups computed from their components', () => {
    const indicators = new Set<string>();
    const walk = (n: RiskModel['root']): void => n.children.forEach((c) => ('indicator' in c ? indicators.add(c.indicator) : walk(c)));
    walk(deeper.root);
    expect(indicators.size).toBe(14);
    const data = Object.fromEntries([...indicators].map((c) => [c, Object.fromEntries(rows.map((r) => [r.ISO3, Number(r[c])]))]));
    const { areas } = computeCompositeScore(deeper, data, { areaCodes: rows.map((r) => r.ISO3), decimals: 1 });
    const columns: Record<string, string> = { ...DIMENSIONS, natural: 'Natural', human: 'Human', 'vulnerable-groups': 'Vulnerable Groups' };
    const mismatches: string[] = [];
    areas.forEach((area, i) => {
      if (area.score !== Number(rows[i]['INFORM RISK'])) mismatches.push(`${area.code} INFORM RISK`);
      for (const [id, column] of Object.entries(columns)) if (area.nodeScores[id] !== Number(rows[i][column])) mismatches.push(`${area.code} ${column}`);
    });
    expect(mismatches).toEqual([]);
  });
});
