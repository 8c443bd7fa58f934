import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import ExcelJS from 'exceljs';
import type { Role } from '../../server/store/access';
import { computeCompositeScore } from '../../server/domain/risk/composite-score';
import { DEMAND_FOR_SEC, DEMAND_FOR_SEC_ID } from '../../server/domain/risk/demand-for-sec';
import { rankUncertainty } from '../../server/domain/risk/rank-uncertainty';
import type { RiskModel } from '../../server/domain/risk/model-file';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput, inviteMember } from './client';

// A server of this file's own: its users, organisations, datasets and models are only this file's.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample risk other organisation';
const SET = 'world-atlas-50m-admin0';
const api = (who: string) => apiClient(cookies[who] ?? '', server.url);

const atlas = (args: string[], stdin = '') => runAtlas(server, args, stdin);

const member = (role: Role) => inviteMember(server.url, cookies.admin, role);

async function importCsv(who: string, name: string, csv: string, request: Partial<ImportRequestInput>) {
  const job = await publishUpload(api(who), await uploadFile(`${name}.csv`, csv, cookies[who], server.url), { name, ...request } as ImportRequestInput);
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  return job.datasetId!;
}

// Made-up sample values (not real statistics) for five countries; poverty is missing for ETH.
const SAMPLE = {
  'Sample child marriage': { NPL: 33, BGD: 51, IND: 23, ETH: 40, NER: 76 },
  'Sample poverty': { NPL: 15, BGD: 18, IND: 21, NER: 41 },
} as const;
const sampleCsv = () => {
  const rows = ['iso3,indicator,year,value'];
  for (const [indicator, values] of Object.entries(SAMPLE)) for (const [code, v] of Object.entries(values)) rows.push(`${code},${indicator},2020,${v}`);
  // an older observation: the latest period is used unless a period is asked for
  rows.push('NPL,Sample child marriage,2015,41');
  return `${rows.join('\n')}\n`;
};
const observations = (extra: Partial<ImportRequestInput> = {}): Partial<ImportRequestInput> => ({
  kind: 'observations', areaField: 'iso3', indicatorField: 'indicator', periodField: 'year', valueField: 'value', joinTo: SET, joinOn: 'code', unit: '%', ...extra,
});

const SAMPLE_MODEL: RiskModel = {
  name: 'Sample two-indicator model',
  root: { id: 'risk', aggregation: 'arithmetic', children: [
    { id: 'cm', indicator: 'Sample child marriage', normalisation: 'minmax' },
    { id: 'pov', indicator: 'Sample poverty', normalisation: 'minmax', weight: 2 },
  ] },
};

/** Sample sites in Nepal near Kathmandu (made-up points, not real places). */
function sampleSites(n: number, category: string, seed = 1): string {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const rows = Array.from({ length: n }, (_, i) => `Sample ${category} ${i + 1},${(27.6 + rand() * 0.2).toFixed(5)},${(85.2 + rand() * 0.2).toFixed(5)},${category}`);
  return `name,lat,lon,category\n${rows.join('\n')}\n`;
}

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCClientError) return err as TRPCClientError<any>;
    throw err;
  }
  throw new Error('expected the call to fail');
};

let areaCodes: string[] = [];

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['viewer', 'analyst'] as const) cookies[role] = await member(role);
  const org = await atlas(['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await atlas(['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.otherAdmin = await signIn(server.url, 'other.admin@test.local', 'other admin password');
  await importCsv('admin', 'Sample indicators', sampleCsv(), observations({ sensitivity: 'public' }));
  // the other organisation's own figures under the same name, internal: never seen by the first
  const other = 'iso3,indicator,year,value\nNPL,Sample child marriage,2021,99\nIND,Sample child marriage,2021,1\n';
  await importCsv('otherAdmin', 'Sample other indicators', other, observations({ sensitivity: 'internal' }));
  const sets = await api('viewer').datasets.boundarySets.query();
  expect(sets.some((s) => s.id === SET)).toBe(true);
  const countries = await api('viewer').datasets.features.query({ id: 'default-countries' });
  if (countries.kind !== 'boundaries') throw new Error('expected boundaries');
  areaCodes = countries.geojson.features.map((f) => String(f.properties.code)).sort();
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('scoring over HTTP', () => {
  it('scores a model over the observations the viewer may see, equal to the domain engine', async () => {
    const got = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, referenceYear: 2025 });
    const want = computeCompositeScore(SAMPLE_MODEL, SAMPLE, { areaCodes, referenceYear: 2025, maxAgeYears: 10 });
    expect(got.areas).toHaveLength(areaCodes.length);
    expect(got.leftOut).toEqual([]);
    expect(got.sources.map((s) => [s.leafId, s.kind, s.indicatorName, s.areas])).toEqual([['cm', 'indicator', 'Sample child marriage', 5], ['pov', 'indicator', 'Sample poverty', 4]]);
    const byCode = new Map(got.areas.map((a) => [a.code, a]));
    for (const w of want.areas.filter((a) => !Number.isNaN(a.score))) {
      const g = byCode.get(w.code)!;
      expect(g.score).toBeCloseTo(w.score, 12);
      expect([g.rank, g.class, g.reliability]).toEqual([w.rank, w.class, 1 - w.unreliableShare]);
      for (const [leaf, c] of Object.entries(w.contributions)) expect(g.contributions[leaf] ?? 0).toBeCloseTo(c, 12);
    }
    // hand-worked: NER is the top on both (10); NPL = (1.887 + 2·0) / 3 where cm 33 in 23–76, poverty 15 is the minimum
    expect(got.areas[0]).toMatchObject({ code: 'NER', name: 'Niger', rank: 1, class: 'Very High', reliability: 1 });
    expect(got.areas[0].score).toBeCloseTo(10, 12);
    expect(byCode.get('NPL')!.score).toBeCloseTo(((33 - 23) / (76 - 23) * 10) / 3, 12);
    // ETH has no poverty figure: scored from child marriage alone, half its inputs missing, its poverty contribution null (not 0)
    expect(byCode.get('ETH')).toMatchObject({ reliability: 0.5, missingLeaves: 1, contributions: { pov: null } });
    expect(byCode.get('ETH')!.score).toBeCloseTo((40 - 23) / 53 * 10, 12);
    // an area without any input has no score and no rank: never a zero
    expect(byCode.get('FRA')).toMatchObject({ score: null, rank: null, class: null, reliability: 0, missingLeaves: 2 });
    expect(got.areas.filter((a) => a.score !== null)).toHaveLength(5);
    // contributions add up to score − mean score
    const mean = got.meanScore!;
    for (const a of got.areas.filter((x) => x.score !== null)) expect(Object.values(a.contributions).reduce((s: number, c) => s + (c ?? 0), 0)).toBeCloseTo(a.score! - mean, 10);
  });

  it('never reads another organisation’s internal observations, and its admin scores its own', async () => {
    // (the first admin made the other organisation and is a member of it: the analyst is not)
    const mine = await api('analyst').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    expect(mine.areas.find((a) => a.code === 'NPL')!.nodeScores.cm).toBeCloseTo((33 - 23) / 53 * 10, 12);
    const theirs = await api('otherAdmin').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    // the newest dataset of that name the other admin may see is their own (99, 1): NPL 10, IND 0
    expect(theirs.sources.find((s) => s.leafId === 'cm')).toMatchObject({ datasetName: 'Sample other indicators', sensitivity: 'internal', areas: 2 });
    expect(theirs.areas.find((a) => a.code === 'NPL')!.nodeScores.cm).toBe(10);
  });

  it('picks the observations of a period, and another indicator for a leaf', async () => {
    const old = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, period: '2015' });
    // only NPL has a 2015 value, and no poverty figure of 2015 exists: that leaf is left out
    expect(old.leftOut).toEqual([{ leafId: 'pov', indicator: 'Sample poverty' }]);
    expect(old.areas.filter((a) => a.score !== null).map((a) => [a.code, a.score])).toEqual([['NPL', 5]]);
    const swapped = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, indicators: { pov: 'Sample child marriage' } });
    expect(swapped.model!.root.children[1]).toMatchObject({ id: 'pov', indicator: 'Sample child marriage' });
    expect(swapped.areas.find((a) => a.code === 'NPL')!.score).toBeCloseTo((33 - 23) / 53 * 10, 12);
    const err = await errorOf(api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, indicators: { nope: 'x' } }));
    expect(err.message).toBe("No leaf 'nope' in model 'Sample two-indicator model'");
    const missing = await errorOf(api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: 'no-such-set' }));
    expect([missing.data?.code, missing.message]).toEqual(['NOT_FOUND', "No boundary set 'no-such-set'"]);
  });

  it('applies weights without changing the model', async () => {
    const got = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, weights: { cm: 3, pov: 1 } });
    const want = computeCompositeScore(SAMPLE_MODEL, SAMPLE, { areaCodes, weights: { cm: 3, pov: 1 } });
    for (const w of want.areas.filter((a) => !Number.isNaN(a.score))) expect(got.areas.find((a) => a.code === w.code)!.score).toBeCloseTo(w.score, 12);
  });

  it('gives rank uncertainty that repeats with its seed and equals the domain’s', async () => {
    const input = { model: SAMPLE_MODEL, boundarySetId: SET, draws: 200, seed: 5, topN: 2 };
    const one = await api('viewer').risk.uncertainty.query(input);
    expect(await api('viewer').risk.uncertainty.query(input)).toEqual(one);
    const want = rankUncertainty(SAMPLE_MODEL, SAMPLE, { areaCodes, maxAgeYears: 10 }, { draws: 200, seed: 5, topN: 2 });
    const i = areaCodes.indexOf('NER');
    expect(one.areas[i]).toMatchObject({ code: 'NER', medianRank: want.medianRank[i], p5Rank: want.p5Rank[i], p95Rank: want.p95Rank[i], topShare: want.topShare[i] });
    expect(one.areas.find((a) => a.code === 'FRA')).toMatchObject({ medianRank: null, topShare: 0 });
  });
});

describe('models: list, save, conflicts, export and import', () => {
  it('lists the built-in model for everyone, with its reasons', async () => {
    for (const who of ['viewer', 'otherAdmin']) {
      const list = await api(who).risk.models.list.query();
      expect(list[0]).toMatchObject({ id: DEMAND_FOR_SEC_ID, name: 'Demand for SEC', builtIn: true, sensitivity: 'public' });
    }
    const model = await api('viewer').risk.models.get.query({ id: DEMAND_FOR_SEC_ID });
    expect(model.definition).toEqual(DEMAND_FOR_SEC);
    expect(model.reasons!.borderland).toMatch(/Strategy 2\.1/);
    const err = await errorOf(api('analyst').risk.models.save.mutate({ id: DEMAND_FOR_SEC_ID, version: 1, definition: DEMAND_FOR_SEC }));
    expect([err.data?.code, err.message]).toEqual(['FORBIDDEN', "Model 'Demand for SEC' is built in: save a copy (without an id) to change it."]);
  });

  it('saves a model of the organisation, refuses a stale save with the current one, and audits each write', async () => {
    const created = await api('analyst').risk.models.save.mutate({ definition: SAMPLE_MODEL, description: 'for the test' });
    expect(created).toMatchObject({ name: SAMPLE_MODEL.name, version: 1, sensitivity: 'internal', orgId: 'default', builtIn: false, updatedBy: 'analyst@test.local' });
    const renamed = { ...SAMPLE_MODEL, name: 'Sample renamed' };
    const saved = await api('analyst').risk.models.save.mutate({ id: created.id, version: 1, definition: renamed });
    expect([saved.version, saved.name]).toEqual([2, 'Sample renamed']);
    // a second editor still holding version 1
    const stale = await errorOf(api('admin').risk.models.save.mutate({ id: created.id, version: 1, definition: SAMPLE_MODEL }));
    expect(stale.data?.code).toBe('CONFLICT');
    expect(stale.data?.conflict).toMatchObject({ id: created.id, version: 2, name: 'Sample renamed', updatedBy: 'analyst@test.local' });
    expect((await api('viewer').risk.models.get.query({ id: created.id })).definition).toEqual(renamed);
    // a stored model scores as its file does
    const byId = await api('viewer').risk.score.query({ modelId: created.id, boundarySetId: SET });
    const byFile = await api('viewer').risk.score.query({ model: renamed, boundarySetId: SET });
    expect(byId.areas).toEqual(byFile.areas);
    expect([byId.modelId, byId.modelVersion]).toEqual([created.id, 2]);
    // another organisation sees none of it
    expect((await api('otherAdmin').risk.models.list.query()).map((m) => m.id)).toEqual([DEMAND_FOR_SEC_ID]);
    expect((await errorOf(api('otherAdmin').risk.models.get.query({ id: created.id }))).data?.code).toBe('NOT_FOUND');
    expect((await errorOf(api('otherAdmin').risk.models.remove.mutate({ id: created.id }))).data?.code).toBe('NOT_FOUND');
    // a viewer may not write
    expect((await errorOf(api('viewer').risk.models.save.mutate({ definition: SAMPLE_MODEL }))).data?.code).toBe('FORBIDDEN');
    const events = await api('admin').audit.list.query({ action: 'risk-model' });
    const mine = events.filter((e) => e.target === created.id).map((e) => [e.action, e.email, (e.detail as { version?: number })?.version]);
    expect(mine).toEqual([['risk-model.update', 'analyst@test.local', 2], ['risk-model.create', 'analyst@test.local', 1]]);
  });

  it('exports a model file that imports back as a new model, and refuses a bad file with the path of each problem', async () => {
    const list = await api('viewer').risk.models.list.query();
    const id = list.find((m) => m.name === 'Sample renamed')!.id;
    const file = await api('viewer').risk.models.export.query({ id });
    expect(file.fileName).toBe('sample-renamed.risk-model.json');
    expect(JSON.parse(file.json)).toEqual({ ...SAMPLE_MODEL, name: 'Sample renamed' });
    const imported = await api('analyst').risk.models.import.mutate({ file: file.json, fileName: file.fileName });
    expect(imported).toMatchObject({ name: 'Sample renamed', version: 1 });
    expect(imported.id).not.toBe(id);
    const bad = JSON.stringify({ name: 'Bad', root: { id: 'risk', aggregation: 'mean', children: [{ id: 'cm', indicator: 'x', normalisation: 'minmax', wieght: 2 }] } });
    const err = await errorOf(api('analyst').risk.models.import.mutate({ file: bad }));
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.message).toContain('root (id "risk"): aggregation: expected one of "arithmetic" | "geometric" | "inform-geometric", got "mean"');
    expect(err.message).toContain('root.children[0] (id "cm"): unknown key "wieght"');
    // removal: only the version it was loaded at, then gone
    expect((await errorOf(api('analyst').risk.models.remove.mutate({ id: imported.id, version: 7 }))).data?.code).toBe('CONFLICT');
    await api('analyst').risk.models.remove.mutate({ id: imported.id, version: 1 });
    expect((await errorOf(api('viewer').risk.models.get.query({ id: imported.id }))).data?.code).toBe('NOT_FOUND');
    const actions = (await api('admin').audit.list.query({ action: 'risk-model' })).filter((e) => e.target === imported.id).map((e) => e.action);
    expect(actions).toEqual(['risk-model.remove', 'risk-model.import']);
  });
});

describe('the default model over the factors, with counts protected for viewers without clearance', () => {
  beforeAll(async () => {
    await importCsv('admin', 'Sample internal guesthouses', sampleSites(25, 'tourism.accommodation', 11), { kind: 'sites', categoryField: 'category', sensitivity: 'internal' });
    await api('analyst').factors.compute.mutate({ boundarySetId: SET });
  }, 300_000);

  it('fills the leaves it has data for and lists the others as left out', async () => {
    const got = await api('analyst').risk.score.query({ modelId: DEMAND_FOR_SEC_ID, boundarySetId: SET });
    expect(got.factorsComputed).toBe(true);
    const filled = got.sources.map((s) => [s.leafId, s.kind, s.indicatorName]);
    expect(filled).toEqual([
      ['borderland-share', 'factor', 'borderland-share'],
      ['airports', 'factor', 'sites-per-100k:transit.airport'],
      ['accommodation', 'factor', 'sites-per-100k:tourism.accommodation'],
    ]);
    expect(got.leftOut.map((l) => l.leafId)).toContain('married-before-18');
    expect(got.model!.root.children.map((c) => c.id)).toEqual(['exposure']);
    // the analyst is cleared: the counts are as stored, and what is made of them is restricted
    expect(got.protected).toBeNull();
    expect(got.sources.find((s) => s.leafId === 'accommodation')!.sensitivity).toBe('restricted');
    const scored = got.areas.filter((a) => a.score !== null);
    expect(scored.length).toBeGreaterThan(150);
    // a leaf filled by the user: the sample child-marriage figures for the default model's leaf
    const picked = await api('analyst').risk.score.query({ modelId: DEMAND_FOR_SEC_ID, boundarySetId: SET, indicators: { 'married-before-18': 'Sample child marriage' } });
    expect(picked.model!.root.children.map((c) => c.id)).toEqual(['exposure', 'vulnerability']);
  });

  it('reads protected counts for a viewer, exactly those factors.get shows, never the raw ones', async () => {
    const leaf = 'sites-per-100k:tourism.accommodation';
    const asViewer = await api('viewer').risk.inputs.query({ modelId: DEMAND_FOR_SEC_ID, boundarySetId: SET });
    const asAnalyst = await api('analyst').risk.inputs.query({ modelId: DEMAND_FOR_SEC_ID, boundarySetId: SET });
    expect(asViewer.protected).toEqual({ k: 10 });
    const shown = (await api('viewer').factors.get.query({ boundarySetId: SET, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-per-100k' && v.category === 'tourism.accommodation')!;
    const raw = (await api('analyst').factors.get.query({ boundarySetId: SET, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-per-100k' && v.category === 'tourism.accommodation')!;
    expect(shown.roundedTo).toBe(10);
    expect(asViewer.data[leaf].NPL.value).toBe(shown.value);
    expect(asAnalyst.data[leaf].NPL.value).toBe(raw.value);
    expect(asViewer.data[leaf].NPL.value).toBeCloseTo((raw.value! * 20) / 25, 10);
    // the viewer's scores are those of the protected inputs
    const viewerScore = await api('viewer').risk.score.query({ modelId: DEMAND_FOR_SEC_ID, boundarySetId: SET, referenceYear: 2025 });
    const want = computeCompositeScore(asViewer.model!, asViewer.data, { areaCodes: asViewer.areas.map((a) => a.code), referenceYear: 2025, maxAgeYears: 10 });
    const npl = want.areas.find((a) => a.code === 'NPL')!;
    expect(viewerScore.areas.find((a) => a.code === 'NPL')!.score).toBeCloseTo(npl.score, 12);
    expect(viewerScore.sources.find((s) => s.leafId === 'accommodation')!.sensitivity).toBe('internal');
  });

  it('saves runs with the dataset versions they read; a run made of raw sensitive counts is for cleared roles only', async () => {
    const sample = await api('analyst').risk.runs.save.mutate({ name: 'Sample run', model: SAMPLE_MODEL, boundarySetId: SET });
    const run = await api('viewer').risk.runs.get.query({ id: sample.id });
    expect(run.sensitivity).toBe('internal');
    expect(run.inputs.sources.map((s: { datasetName: string; importedAt: string }) => s.datasetName)).toEqual(['Sample indicators', 'Sample indicators']);
    expect(run.inputs.sources[0].importedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const now = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    expect(run.results).toEqual(now.areas.map((a) => ({ code: a.code, score: a.score, class: a.class, rank: a.rank, reliability: a.reliability })));
    const sensitive = await api('analyst').risk.runs.save.mutate({ name: 'Default run', modelId: DEMAND_FOR_SEC_ID, boundarySetId: SET });
    expect(sensitive.sensitivity).toBe('restricted');
    expect((await api('viewer').risk.runs.list.query()).map((r) => r.name)).toEqual(['Sample run']);
    expect((await errorOf(api('viewer').risk.runs.get.query({ id: sensitive.id }))).data?.code).toBe('NOT_FOUND');
    expect((await api('analyst').risk.runs.get.query({ id: sensitive.id })).modelId).toBe(DEMAND_FOR_SEC_ID);
    expect(await api('otherAdmin').risk.runs.list.query()).toEqual([]);
    const events = await api('admin').audit.list.query({ action: 'risk-run.save' });
    expect(events.map((e) => e.target)).toEqual([sensitive.id, sample.id]);
    expect((await api('admin').audit.list.query({ action: 'read.restricted' })).some((e) => (e.detail as { via?: string })?.via === 'risk.runs.get' && e.target === sensitive.id)).toBe(true);
  });
});

describe('the score command', () => {
  it('prints what the API gives the same user, as JSON and CSV', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-model-'));
    const file = path.join(dir, 'sample.json');
    fs.writeFileSync(file, JSON.stringify(SAMPLE_MODEL));
    const json = await atlas(['score', '--model', file, '--boundary-set', SET, '--format', 'json', '--as', 'viewer@test.local']);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout);
    const viaApi = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    expect(rows).toEqual(viaApi.areas.map((a) => ({ code: a.code, name: a.name, score: a.score, rank: a.rank, class: a.class, reliability: a.reliability })));
    const csv = await atlas(['score', '--model', file, '--boundary-set', SET, '--period', '2015', '--reference-year', '2024', '--as', 'viewer@test.local']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('code,name,score,rank,class,reliability');
    // one leaf left, one value: a leaf that does not vary scores 5
    expect(lines[1]).toBe('NPL,Nepal,5,1,Medium,1');
    // 2015 is more than 5 years before 2024: out of date, so none of its inputs counts as reliable
    const stale = await atlas(['score', '--model', file, '--boundary-set', SET, '--period', '2015', '--reference-year', '2024', '--max-age', '5', '--as', 'viewer@test.local']);
    expect(stale.stdout.split('\r\n')[1]).toBe('NPL,Nepal,5,1,Medium,0');
    expect(csv.stderr).toContain("left out: leaf 'pov' (no 'Sample poverty' on world-atlas-50m-admin0 for viewer@test.local)");
    // the same rules as the web app: the other organisation's admin scores their own figures
    const other = await atlas(['score', '--model', file, '--boundary-set', SET, '--format', 'json', '--as', 'other.admin@test.local']);
    // their NPL 99 and IND 1 make NPL's child marriage 10; poverty 15 is the minimum: (10 + 2·0) / 3, second after NER
    const nepal = JSON.parse(other.stdout).find((r: { code: string }) => r.code === 'NPL');
    expect(nepal.rank).toBe(2);
    expect(nepal.score).toBeCloseTo(10 / 3, 12);
    const bad = await atlas(['score', '--model', 'no-such-model', '--boundary-set', SET]);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, "atlas: No model file or risk model 'no-such-model'"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('coverage gap, small denominators, per-leaf periods and the XLSX ranking', () => {
  // made-up sample populations (not real figures): Nepal's under the default minimum of 10,000
  const POPULATION = 'iso3,indicator,year,value\nNPL,Sample population,2020,4000\nBGD,Sample population,2020,160000\nNER,Sample population,2020,25000\n';
  let interventionId = '';
  beforeAll(async () => {
    await importCsv('admin', 'Sample populations', POPULATION, observations({ sensitivity: 'public', unit: 'people' }));
    // an ongoing intervention on Niger as a whole: coverage 1 there, 0 elsewhere
    const created = await api('admin').interventions.create.mutate({ title: 'Sample awareness campaign', actionArea: '2.1', targets: [{ kind: 'area', boundarySetId: SET, code: 'NER' }], status: 'ongoing' });
    interventionId = created.id;
  }, 300_000);

  it('gives the coverage of every area and the gap, score × (1 − coverage), from the interventions the viewer may see', async () => {
    const inputs = await api('viewer').risk.inputs.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    expect(inputs.coverage).not.toBeNull();
    expect(Object.keys(inputs.coverage!)).toHaveLength(areaCodes.length);
    expect([inputs.coverage!.NER, inputs.coverage!.NPL]).toEqual([1, 0]);
    const scored = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, coverage: true });
    const byCode = new Map(scored.areas.map((a) => [a.code, a]));
    expect(byCode.get('NER')).toMatchObject({ rank: 1, coverage: 1, coverageGap: 0 });
    expect(byCode.get('BGD')!.coverageGap).toBe(byCode.get('BGD')!.score);
    expect(byCode.get('FRA')).toMatchObject({ score: null, coverage: 0, coverageGap: null });
    // not asked for: not read
    expect((await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET })).areas[0]).toMatchObject({ coverage: null, coverageGap: null });
    // the other organisation sees none of this organisation's internal interventions
    expect((await api('otherAdmin').risk.inputs.query({ model: SAMPLE_MODEL, boundarySetId: SET })).coverage!.NER).toBe(0);
    // coverage as a leaf: lowers the need to act where interventions reach
    const withLeaf: RiskModel = { name: 'Sample with coverage', root: { ...SAMPLE_MODEL.root, children: [...SAMPLE_MODEL.root.children, { id: 'covered', indicator: 'intervention-coverage', normalisation: 'minmax', min: 0, max: 1, direction: 'higher-less-risk' }] } };
    const leafScored = await api('viewer').risk.score.query({ model: withLeaf, boundarySetId: SET });
    expect(leafScored.sources.find((s) => s.leafId === 'covered')).toMatchObject({ kind: 'factor', indicatorName: 'intervention-coverage', areas: areaCodes.length });
    expect(leafScored.areas.find((a) => a.code === 'NER')!.nodeScores.covered).toBe(0);
    expect(leafScored.areas.find((a) => a.code === 'NPL')!.nodeScores.covered).toBe(10);
  });

  it('flags areas whose population is under the minimum, in the ranking', async () => {
    const flagged = async (minPopulation?: number) => {
      const got = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, denominator: 'Sample population', ...(minPopulation === undefined ? {} : { minPopulation }) });
      expect(got.denominator).toMatchObject({ indicator: 'Sample population', source: { datasetName: 'Sample populations' } });
      return got.areas.filter((a) => a.smallDenominator).map((a) => [a.code, a.population]);
    };
    expect(await flagged()).toEqual([['NPL', 4000]]);
    expect(await flagged(30_000)).toEqual([['NER', 25000], ['NPL', 4000]]);
    expect(await flagged(1000)).toEqual([]);
    // the population is read, not scored: the scores are those without it
    const plain = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    const withDenominator = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, denominator: 'Sample population' });
    expect(withDenominator.areas.map((a) => a.score)).toEqual(plain.areas.map((a) => a.score));
    expect(withDenominator.sources.map((s) => s.leafId)).toEqual(['cm', 'pov']);
    // an area of unknown population is not flagged
    expect(withDenominator.areas.find((a) => a.code === 'IND')).toMatchObject({ population: null, smallDenominator: false });
  });

  it('reads a leaf for a period of its own, and lists what may fill a leaf with its periods', async () => {
    const got = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, periods: { cm: '2015' } });
    // child marriage of 2015 exists for NPL only (41); poverty stays at its latest
    expect(got.sources.map((s) => [s.leafId, s.areas])).toEqual([['cm', 1], ['pov', 4]]);
    expect(got.areas.find((a) => a.code === 'NPL')!.nodeScores.cm).toBe(5);
    expect(got.areas.find((a) => a.code === 'BGD')!.nodeScores.cm).toBeNull();
    const clash: RiskModel = { name: 'Sample clash', root: { id: 'risk', aggregation: 'arithmetic', children: [
      { id: 'a', indicator: 'Sample child marriage', normalisation: 'minmax' }, { id: 'b', indicator: 'Sample child marriage', normalisation: 'zscore' },
    ] } };
    const err = await errorOf(api('viewer').risk.score.query({ model: clash, boundarySetId: SET, periods: { b: '2015' } }));
    expect([err.data?.code, err.message]).toEqual(['BAD_REQUEST', "Leaf 'b': indicator 'Sample child marriage' is read for period (latest) by another leaf; one indicator is read for one period in a run (got 2015)"]);
    expect((await errorOf(api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, periods: { nope: '2015' } }))).message).toBe("No leaf 'nope' in model 'Sample two-indicator model'");
    const inputs = await api('viewer').risk.inputs.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    const cm = inputs.available.filter((a) => a.name === 'Sample child marriage');
    // the viewer's organisation's dataset only (the other organisation's is internal to it)
    expect(cm.map((a) => [a.kind, a.datasetName, a.periods])).toEqual([['indicator', 'Sample indicators', ['2020', '2015']]]);
    expect(inputs.available.map((a) => a.indicator)).toEqual(expect.arrayContaining(['intervention-coverage', 'borderland-share']));
  });

  it('exports the ranking as XLSX from the API and the CLI, which read back as the scores', async () => {
    const read = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as never);
      const sheet = wb.getWorksheet('Ranking')!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const about = new Map<string, unknown>();
      wb.getWorksheet('About')!.eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
      return { rows, about };
    };
    const weights = { cm: 3 };
    const scored = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, weights, coverage: true, denominator: 'Sample population' });
    const file = await api('viewer').risk.exportRanking.mutate({ model: SAMPLE_MODEL, boundarySetId: SET, weights, denominator: 'Sample population' });
    expect(file.fileName).toBe('ranking-world-atlas-50m-admin0.xlsx');
    const { rows, about } = await read(Buffer.from(file.base64, 'base64'));
    expect(rows[0]).toEqual(['rank', 'code', 'name', 'score', 'class', 'reliability', 'coverage', 'coverage_gap', 'population', 'small_denominator', 'contribution:cm', 'contribution:pov']);
    expect(rows).toHaveLength(areaCodes.length + 1);
    const four = (x: number | null) => (x === null ? undefined : Number(x.toFixed(4)));
    for (const [i, a] of scored.areas.slice(0, 6).entries()) {
      // exceljs reads an empty cell as undefined (the row's array is shorter or holds a hole)
      const row = rows[i + 1];
      expect([row[0], row[1], row[2], row[3], row[4], row[6], row[7], row[8], row[9]], a.code).toEqual([a.rank ?? undefined, a.code, a.name, four(a.score), a.class ?? undefined, four(a.coverage), four(a.coverageGap), a.population ?? undefined, a.smallDenominator ? 'yes' : 'no']);
    }
    expect(rows[1].slice(0, 2)).toEqual([1, 'NER']);
    expect(rows.find((r) => r[1] === 'NPL')![9]).toBe('yes');
    expect(JSON.parse(String(about.get('weights')))).toEqual({ risk: 1, cm: 3, pov: 2 });
    expect(about.get('model')).toBe('Sample two-indicator model');
    expect(String(about.get('source:cm'))).toContain('Sample child marriage — Sample indicators');
    expect(about.get('min_population')).toBe(10000);
    expect(String(about.get('exported_at'))).toMatch(/^\d{4}-\d\d-\d\dT/);
    const exports = (await api('admin').audit.list.query({ action: 'risk.export' })).map((e) => [e.email, (e.detail as { format: string }).format]);
    expect(exports).toContainEqual(['viewer@test.local', 'xlsx']);

    // the CLI: the same workbook for the same user (the model file's weights)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-xlsx-'));
    const modelFile = path.join(dir, 'sample.json');
    fs.writeFileSync(modelFile, JSON.stringify(SAMPLE_MODEL));
    const out = path.join(dir, 'ranking.xlsx');
    const cli = await atlas(['score', '--model', modelFile, '--boundary-set', SET, '--format', 'xlsx', '--out', out, '--min-population', '30000', '--as', 'viewer@test.local']);
    expect(cli.code, cli.stderr).toBe(0);
    const viaCli = await read(fs.readFileSync(out));
    const plain = await api('viewer').risk.score.query({ model: SAMPLE_MODEL, boundarySetId: SET, coverage: true, minPopulation: 30000 });
    expect(viaCli.rows.slice(1).map((r) => [r[1], r[0] ?? null, r[3] ?? null, r[7] ?? null])).toEqual(plain.areas.map((a) => [a.code, a.rank, four(a.score) ?? null, four(a.coverageGap) ?? null]));
    // the default denominator (population-geonames, a factor) has been computed for this set by the factors test above
    expect(viaCli.about.get('min_population')).toBe(30000);
    const noOut = await atlas(['score', '--model', modelFile, '--boundary-set', SET, '--format', 'xlsx']);
    expect([noOut.code, noOut.stderr.trim()]).toEqual([2, 'atlas: --format xlsx needs --out FILE.xlsx (a workbook is not printed)']);
    fs.rmSync(dir, { recursive: true, force: true });
    await api('admin').interventions.cancel.mutate({ id: interventionId, version: 1 });
    expect((await api('viewer').risk.inputs.query({ model: SAMPLE_MODEL, boundarySetId: SET })).coverage!.NER).toBe(0);
  });
});

describe('regions for the ranking’s region filter', () => {
  it('gives each area of a set its parent’s code as its region, and none in a top-level set', async () => {
    // four made-up squares in the South Atlantic (not real places), under two made-up regions
    const square = (lng: number) => ({ type: 'Polygon', coordinates: [[[lng, -20], [lng + 1, -20], [lng + 1, -19], [lng, -19], [lng, -20]]] });
    const districts = { type: 'FeatureCollection', features: ['SR1', 'SR1', 'SR2', 'SR2'].map((parent, i) => (
      { type: 'Feature', properties: { code: `SD${i + 1}`, name: `Sample district ${i + 1}`, parent }, geometry: square(-30 + i) })) };
    const job = await publishUpload(api('admin'), await uploadFile('regional-districts.geojson', JSON.stringify(districts), cookies.admin, server.url),
      { kind: 'boundaries', name: 'Sample regional districts', sensitivity: 'public', codeField: 'code', nameField: 'name', parentField: 'parent', level: 2 } as ImportRequestInput);
    expect(job.phase, JSON.stringify(job.error)).toBe('published');
    const inputs = await api('viewer').risk.inputs.query({ model: SAMPLE_MODEL, boundarySetId: job.datasetId! });
    expect(inputs.areas.map((a) => [a.code, a.region])).toEqual([['SD1', 'SR1'], ['SD2', 'SR1'], ['SD3', 'SR2'], ['SD4', 'SR2']]);
    const countries = await api('viewer').risk.inputs.query({ model: SAMPLE_MODEL, boundarySetId: SET });
    expect(countries.areas.find((a) => a.code === 'NPL')).toMatchObject({ name: 'Nepal', region: null });
  });
});
