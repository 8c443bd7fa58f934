import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { Role } from '../../server/store/access';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import ExcelJS from 'exceljs';
import { fetchAs, signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput, inviteMember, trpcFailure, box } from './client';

// A server of this file's own: its users, organisations, areas and interventions are only this file's.
// Everything below is SAMPLE data: made-up districts in the Gulf of Guinea (open sea), made-up
// organisations and sites; no figure here describes real places or children.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample other organisation';
const api = (who: string) => apiClient(cookies[who] ?? '', server.url);

const atlas = (args: string[], stdin = '') => runAtlas(server, args, stdin);

const member = (role: Role) => inviteMember(server.url, cookies.admin, role);

const failure = trpcFailure;

// Two sample districts side by side: A = 0–2°E, B = 2–4°E, both 0–2°N.
const SAMPLE_DISTRICTS = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { pcode: 'SA-A', name: 'Sample district A' }, geometry: box(0, 0, 2, 2) },
    { type: 'Feature', properties: { pcode: 'SA-B', name: 'Sample district B' }, geometry: box(2, 0, 4, 2) },
  ],
};
let sampleSet = '';
const COUNTRIES = 'world-atlas-50m-admin0';

async function publish(who: string, name: string, body: string, request: Partial<ImportRequestInput>) {
  const job = await publishUpload(api(who), await uploadFile(name, body, cookies[who], server.url), { name, ...request } as ImportRequestInput);
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  return job;
}

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['viewer', 'editor'] as const) cookies[role] = await member(role);
  const org = await atlas(['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await atlas(['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.otherAdmin = await signIn(server.url, 'other.admin@test.local', 'other admin password');
  const b = await publish('editor', 'Sample districts.geojson', JSON.stringify(SAMPLE_DISTRICTS), { kind: 'boundaries', codeField: 'pcode', nameField: 'name', level: 2, sensitivity: 'public' });
  sampleSet = b.datasetId!;
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('interventions: create, read, change', () => {
  it('creates an intervention with every field and reads it back', async () => {
    const created = await api('editor').interventions.create.mutate({
      title: 'Sample training of bus and rail staff', actionArea: '2.2', audiences: ['transport-staff', 'taxi-drivers'],
      targets: [{ kind: 'area', boundarySetId: COUNTRIES, code: 'NPL' }, { kind: 'circle', center: [85.32, 27.7], radiusM: 5000, label: 'Sample bus park' }],
      partner: 'Sample partner NGO', status: 'ongoing', startDate: '2026-01-15', endDate: '2026-12-31', budget: 12000, currency: 'USD', reachTarget: 400, notes: 'sample',
    });
    expect(created).toMatchObject({
      orgId: 'default', sensitivity: 'internal', title: 'Sample training of bus and rail staff', actionArea: '2.2', strategy: '2',
      audiences: ['taxi-drivers', 'transport-staff'], partner: 'Sample partner NGO', status: 'ongoing', startDate: '2026-01-15', endDate: '2026-12-31',
      budget: 12000, currency: 'USD', reachTarget: 400, notes: 'sample', version: 1, source: 'form', createdBy: 'editor@test.local', updatedBy: 'editor@test.local',
    });
    expect(created.targets).toEqual([
      { kind: 'area', boundarySetId: COUNTRIES, code: 'NPL', name: 'Nepal' },
      { kind: 'circle', center: [85.32, 27.7], radiusM: 5000, label: 'Sample bus park' },
    ]);
    expect(await api('viewer').interventions.get.query({ id: created.id })).toEqual(created);
  });

  it('filters by strategy, action area, status, audience, partner, period and area', async () => {
    const mk = (title: string, extra: Record<string, unknown>) => api('editor').interventions.create.mutate({ title, actionArea: '5.1', targets: [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-B' }], ...extra } as never);
    const a = await mk('Sample controls of venues', { status: 'planned', partner: 'Sample Council', startDate: '2027-01-01', audiences: ['municipal-councils'] });
    const b = await mk('Sample online safety classes', { actionArea: '8.2', status: 'completed', startDate: '2025-01-01', endDate: '2025-06-30', audiences: ['children-young-people'] });
    const titles = async (filter: Parameters<ReturnType<typeof api>['interventions']['list']['query']>[0]) => (await api('viewer').interventions.list.query(filter)).map((i) => i.title).filter((t) => t === a.title || t === b.title).sort();
    expect(await titles({ strategy: '5' })).toEqual([a.title]);
    expect(await titles({ actionArea: '8.2' })).toEqual([b.title]);
    expect(await titles({ status: ['completed', 'cancelled'] })).toEqual([b.title]);
    expect(await titles({ audience: 'municipal-councils' })).toEqual([a.title]);
    expect(await titles({ partner: 'sample coun' })).toEqual([a.title]);
    expect(await titles({ from: '2025-03-01', to: '2025-04-01' })).toEqual([b.title]);
    expect(await titles({ from: '2026-01-01' })).toEqual([a.title]);
    expect(await titles({ area: { boundarySetId: sampleSet, code: 'SA-B' } })).toEqual([a.title, b.title].sort());
  });

  it('refuses what is not valid with an error that names the field', async () => {
    const fields = async (input: Record<string, unknown>) => {
      const err = await failure(api('editor').interventions.create.mutate({ title: 'Sample', actionArea: '2.2', ...input } as never));
      expect(err.data?.code).toBe('BAD_REQUEST');
      return err.data?.zodError?.fieldErrors as Record<string, string[]>;
    };
    expect(await fields({ actionArea: '9.9' })).toEqual({ actionArea: [expect.stringMatching(/^unknown action-area code '9.9'/)] });
    expect(await fields({ startDate: '2026-05-01', endDate: '2026-04-30' })).toEqual({ endDate: ['the end (2026-04-30) is before the start (2026-05-01)'] });
    expect(await fields({ budget: -1, currency: 'USD' })).toEqual({ budget: ['a budget cannot be negative'] });
    const unknownArea = await failure(api('editor').interventions.create.mutate({ title: 'Sample', actionArea: '2.2', targets: [{ kind: 'area', boundarySetId: COUNTRIES, code: 'XXX' }] }));
    expect(unknownArea.message).toBe(`targets.0.code: no area 'XXX' in boundary set '${COUNTRIES}'`);
    const iv = await api('editor').interventions.create.mutate({ title: 'Sample dated', actionArea: '2.1', startDate: '2026-03-01' });
    const badPatch = await failure(api('editor').interventions.update.mutate({ id: iv.id, version: 1, patch: { endDate: '2026-02-01' } }));
    expect([badPatch.data?.code, badPatch.message]).toEqual(['BAD_REQUEST', 'endDate: the end (2026-02-01) is before the start (2026-03-01)']);
    // reach recorded on an intervention that plans to reach nobody
    const reach = await failure(api('editor').interventions.addReach.mutate({ id: iv.id, recordedOn: '2026-03-10', reach: 50 }));
    expect(reach.message).toMatch(/^reach: 50 people recorded as reached, but 'Sample dated' plans to reach nobody/);
  });

  it('lets a viewer read but not write, and shows another organisation none of the internal ones', async () => {
    const internal = await api('editor').interventions.create.mutate({ title: 'Sample internal plan', actionArea: '3.1' });
    const published = await api('editor').interventions.create.mutate({ title: 'Sample public campaign', actionArea: '2.1', sensitivity: 'public' });
    expect((await api('viewer').interventions.get.query({ id: internal.id })).title).toBe('Sample internal plan');
    const denied = await failure(api('viewer').interventions.update.mutate({ id: internal.id, version: 1, patch: { title: 'x' } }));
    expect([denied.data?.code, denied.message]).toEqual(['FORBIDDEN', 'This needs the editor role in Default organisation; yours is viewer.']);
    expect((await failure(api('viewer').interventions.create.mutate({ title: 'x', actionArea: '2.1' }))).data?.code).toBe('FORBIDDEN');

    const theirs = await api('otherAdmin').interventions.list.query();
    expect(theirs.map((i) => i.title)).toEqual(['Sample public campaign']);
    expect((await failure(api('otherAdmin').interventions.get.query({ id: internal.id }))).message).toBe(`No intervention '${internal.id}'`);
    expect((await failure(api('otherAdmin').interventions.history.query({ id: internal.id }))).data?.code).toBe('NOT_FOUND');
    // a public one: readable, not changeable by another organisation; a copy becomes theirs
    const foreign = await failure(api('otherAdmin').interventions.update.mutate({ id: published.id, version: 1, patch: { title: 'x' } }));
    expect([foreign.data?.code, foreign.message]).toEqual(['FORBIDDEN', "Intervention 'Sample public campaign' belongs to another organisation; only its own editors can change it."]);
    const copy = await api('otherAdmin').interventions.duplicate.mutate({ id: published.id });
    expect(copy).toMatchObject({ title: 'Sample public campaign (copy)', status: 'planned', version: 1, source: 'duplicate', createdBy: 'other.admin@test.local' });
    expect(copy.orgId).not.toBe('default');
    // named by the client in its language; an empty name is refused naming the field
    const named = await api('otherAdmin').interventions.duplicate.mutate({ id: published.id, title: 'Sample public campaign (copie)' });
    expect([named.title, named.status, named.version]).toEqual(['Sample public campaign (copie)', 'planned', 1]);
    const blank = await failure(api('otherAdmin').interventions.duplicate.mutate({ id: published.id, title: '  ' }));
    expect([blank.data?.code, Object.keys(blank.data?.zodError?.fieldErrors ?? {})]).toEqual(['BAD_REQUEST', ['title']]);
    expect((await api('otherAdmin').interventions.get.query({ id: published.id })).version).toBe(1);
  });
});

describe('concurrent edits', () => {
  it('refuses a save from a stale version with CONFLICT carrying the other person’s change, and writes nothing', async () => {
    const iv = await api('editor').interventions.create.mutate({ title: 'Sample hotel staff training', actionArea: '6B.2', status: 'planned' });
    // both open version 1; the admin saves first
    const saved = await api('admin').interventions.update.mutate({ id: iv.id, version: 1, patch: { title: 'Sample hotel and guesthouse staff training', status: 'ongoing' } });
    expect([saved.version, saved.updatedBy]).toEqual([2, 'admin@test.local']);
    const err = await failure(api('editor').interventions.update.mutate({ id: iv.id, version: 1, patch: { notes: 'my change' } }));
    expect(err.data?.code).toBe('CONFLICT');
    expect(err.data?.httpStatus).toBe(409);
    expect(err.message).toMatch(/^'Sample hotel and guesthouse staff training' was changed by admin@test.local at \S+ since you opened it \(your version 1, now 2\)/);
    const conflict = err.data?.conflict;
    expect(conflict).toMatchObject({
      yourVersion: 1,
      changedBy: 'admin@test.local',
      changedAt: saved.updatedAt,
      current: { id: iv.id, version: 2, title: 'Sample hotel and guesthouse staff training', status: 'ongoing', notes: '' },
      change: { title: { from: 'Sample hotel staff training', to: 'Sample hotel and guesthouse staff training' }, status: { from: 'planned', to: 'ongoing' } },
    });
    expect((await api('editor').interventions.get.query({ id: iv.id })).notes).toBe('');
    // saved again from the current version, it goes through
    expect((await api('editor').interventions.update.mutate({ id: iv.id, version: 2, patch: { notes: 'my change' } })).version).toBe(3);
  });

  it('lets exactly one of two simultaneous saves from the same version through', async () => {
    const iv = await api('editor').interventions.create.mutate({ title: 'Sample race', actionArea: '7.1' });
    const results = await Promise.allSettled([
      api('editor').interventions.update.mutate({ id: iv.id, version: 1, patch: { notes: 'first' } }),
      api('admin').interventions.update.mutate({ id: iv.id, version: 1, patch: { notes: 'second' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as TRPCClientError<any>).data?.code).toBe('CONFLICT');
    const winner = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ notes: string }>).value.notes;
    expect(await api('viewer').interventions.get.query({ id: iv.id })).toMatchObject({ version: 2, notes: winner });
  });
});

describe('history and reach', () => {
  it('lists who changed what and when', async () => {
    const iv = await api('editor').interventions.create.mutate({ title: 'Sample peer awareness', actionArea: '8.4', status: 'ongoing', reachTarget: 200 });
    await api('admin').interventions.update.mutate({ id: iv.id, version: 1, patch: { title: 'Sample peer awareness clubs', audiences: ['children-young-people'] } });
    await api('editor').interventions.cancel.mutate({ id: iv.id, version: 2 });
    const history = await api('viewer').interventions.history.query({ id: iv.id });
    expect(history.map((h) => [h.email, h.action])).toEqual([
      ['editor@test.local', 'intervention.create'],
      ['admin@test.local', 'intervention.update'],
      ['editor@test.local', 'intervention.cancel'],
    ]);
    expect(history[1].detail).toEqual({ version: 2, changes: { title: { from: 'Sample peer awareness', to: 'Sample peer awareness clubs' }, audiences: { from: [], to: ['children-young-people'] } } });
    expect(history[2].detail).toEqual({ version: 3, changes: { status: { from: 'ongoing', to: 'cancelled' } } });
    expect(history.every((h, i) => i === 0 || h.at >= history[i - 1].at)).toBe(true);
  });

  it('records reach over time against the target', async () => {
    const iv = await api('editor').interventions.create.mutate({ title: 'Sample school sessions', actionArea: '8.1', status: 'ongoing', reachTarget: 300 });
    await api('editor').interventions.addReach.mutate({ id: iv.id, recordedOn: '2026-04-30', reach: 120, note: 'sample' });
    const after = await api('editor').interventions.addReach.mutate({ id: iv.id, recordedOn: '2026-02-28', reach: 40 });
    expect(after.reachTarget).toBe(300);
    expect(after.entries.map((e) => [e.recordedOn, e.reach, e.recordedBy])).toEqual([['2026-02-28', 40, 'editor@test.local'], ['2026-04-30', 120, 'editor@test.local']]);
    expect((await failure(api('viewer').interventions.addReach.mutate({ id: iv.id, recordedOn: '2026-05-01', reach: 1 }))).data?.code).toBe('FORBIDDEN');
    expect((await api('viewer').interventions.reach.query({ id: iv.id })).entries).toHaveLength(2);
  });
});

describe('coverage', () => {
  it('weights each area by status and by the share a drawn zone covers, on hand-checked sample geometry', async () => {
    // 6C.1 is used by this test only, so the filter isolates its interventions
    const zone = await api('editor').interventions.create.mutate({ title: 'Sample zone over half of A', actionArea: '6C.1', status: 'ongoing', targets: [{ kind: 'polygon', geometry: box(-1, -1, 1, 3) }] });
    const planned = await api('editor').interventions.create.mutate({ title: 'Sample plan for B', actionArea: '6C.1', status: 'planned', targets: [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-B' }] });
    const coverage = async (who = 'viewer') => {
      const c = await api(who).interventions.coverage.query({ boundarySetId: sampleSet, actionArea: '6C.1' });
      return Object.fromEntries(c.areas.map((a) => [a.code, a.coverage]));
    };
    const first = await api('viewer').interventions.coverage.query({ boundarySetId: sampleSet, actionArea: '6C.1' });
    expect([first.areaCount, first.interventionCount, first.statusWeights]).toEqual([2, 2, { ongoing: 1, planned: 0.5, completed: 0.5, cancelled: 0 }]);
    // 0–1°E of 0–2°E: exactly half of A; B planned: 0.5
    const c1 = await coverage();
    expect(c1['SA-A']).toBeCloseTo(0.5, 7);
    expect(c1['SA-B']).toBe(0.5);
    expect(first.areas.find((a) => a.code === 'SA-A')).toMatchObject({ name: 'Sample district A', interventions: [{ id: zone.id, weight: 1 }] });
    // a second, completed intervention over all of A: 1 − (1 − 0.5)(1 − 0.5) = 0.75
    await api('editor').interventions.create.mutate({ title: 'Sample completed work in A', actionArea: '6C.1', status: 'completed', targets: [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-A' }] });
    expect((await coverage())['SA-A']).toBeCloseTo(0.75, 7);
    // the same coverage (all action areas) is a factor of the set, for the layer panel's choropleths
    await api('admin').factors.compute.mutate({ boundarySetId: sampleSet });
    expect((await api('viewer').factors.list.query({ boundarySetId: sampleSet }))!.factors).toContainEqual({ name: 'intervention-coverage', unit: 'share 0–1' });
    const asFactor = (await api('viewer').factors.map.query({ boundarySetId: sampleSet, name: 'intervention-coverage' }))!;
    const all = await api('viewer').interventions.coverage.query({ boundarySetId: sampleSet });
    expect(asFactor.areas.map((a) => [a.code, a.value])).toEqual(['SA-A', 'SA-B'].map((code) => [code, all.areas.find((a) => a.code === code)?.coverage ?? 0]));
    expect(asFactor.areas.find((a) => a.code === 'SA-A')!.value).toBeGreaterThanOrEqual(0.75);
    // cancelled, the plan for B covers nothing; another organisation sees none of these internal ones
    await api('editor').interventions.cancel.mutate({ id: planned.id, version: 1 });
    expect((await coverage())['SA-B']).toBeUndefined();
    expect(await coverage('otherAdmin')).toEqual({});
  });
});

describe('progress and the 3W summary', () => {
  // strategy 4 is used by this test only, so the filters isolate its interventions
  it('gives reach against target over time per strategy and per area, and the 3W table on screen, as CSV and as XLSX', async () => {
    const half = await api('editor').interventions.create.mutate({ title: 'Sample law enforcement training', actionArea: '4.4', status: 'ongoing', partner: 'Sample 3W NGO', reachTarget: 200, targets: [{ kind: 'polygon', geometry: box(-1, -1, 1, 3) }] });
    const both = await api('editor').interventions.create.mutate({ title: 'Sample reporting mechanism', actionArea: '4.5', status: 'planned', partner: 'Sample 3W NGO', reachTarget: 100, targets: [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-A' }, { kind: 'area', boundarySetId: sampleSet, code: 'SA-B' }] });
    await api('editor').interventions.create.mutate({ title: 'Sample cancelled work', actionArea: '4.4', status: 'cancelled', partner: 'Sample 3W NGO', reachTarget: 999, targets: [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-B' }] });
    await api('editor').interventions.addReach.mutate({ id: half.id, recordedOn: '2026-02-01', reach: 50 });
    await api('editor').interventions.addReach.mutate({ id: half.id, recordedOn: '2026-04-01', reach: 120 });
    await api('editor').interventions.addReach.mutate({ id: both.id, recordedOn: '2026-03-01', reach: 30 });

    const all = await api('viewer').interventions.progress.query({ strategy: '4' });
    expect([all.interventionCount, all.total.target, all.total.members]).toEqual([2, 300, 2]);
    expect(all.total.points).toEqual([
      { date: '2026-02-01', reach: 50, share: 50 / 300 },
      { date: '2026-03-01', reach: 80, share: 80 / 300 },
      { date: '2026-04-01', reach: 150, share: 0.5 },
    ]);
    expect(all.byStrategy.map((s) => [s.strategy, s.target, s.points.at(-1)!.reach])).toEqual([['4', 300, 150]]);
    // only the plan for both districts reaches B (the zone covers half of A)
    const b = await api('viewer').interventions.progress.query({ boundarySetId: sampleSet, code: 'SA-B', strategy: '4' });
    expect([b.interventionCount, b.total.target, b.total.points]).toEqual([1, 100, [{ date: '2026-03-01', reach: 30, share: 0.3 }]]);
    expect((await failure(api('viewer').interventions.progress.query({ code: 'SA-B' }))).message).toMatch(/boundarySetId/);
    expect((await failure(api('viewer').interventions.progress.query({ boundarySetId: sampleSet, code: 'SA-Z' }))).data?.code).toBe('NOT_FOUND');

    const table = await api('viewer').interventions.threeW.query({ boundarySetId: sampleSet, strategy: '4' });
    const expected = [
      ['Sample 3W NGO', '4.4', 'SA-A', 'Sample district A', 1, 0, 1, 0, 200, 120],
      ['Sample 3W NGO', '4.5', 'SA-A', 'Sample district A', 1, 1, 0, 0, 100, 30],
      ['Sample 3W NGO', '4.5', 'SA-B', 'Sample district B', 1, 1, 0, 0, 100, 30],
    ];
    expect(table.rows.map((r) => [r.organisation, r.actionArea, r.areaCode, r.areaName, r.interventions, r.planned, r.ongoing, r.completed, r.reachTarget, r.reached])).toEqual(expected);
    expect(await api('otherAdmin').interventions.threeW.query({ boundarySetId: sampleSet, strategy: '4' })).toMatchObject({ interventionCount: 0, rows: [] });

    const url = `${server.url}/api/interventions/3w.csv?set=${encodeURIComponent(sampleSet)}&strategy=4`;
    const csv = await fetchAs(cookies.viewer, url);
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('organisation,action_area,action_area_title,area_code,area_name,interventions,planned,ongoing,completed,reach_target,reached');
    expect(lines.slice(1).map((l) => l.split(',')).map((c) => [c[0], c[1], c[3], c[9], c[10]])).toEqual(expected.map((e) => [e[0], e[1], e[2], String(e[8]), String(e[9])]));
    const xlsx = await fetchAs(cookies.viewer, url.replace('3w.csv', '3w.xlsx'));
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('3W')!;
    expect(sheet.rowCount).toBe(4);
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(['Sample 3W NGO', '4.5', 'Reporting mechanisms', 'SA-B', 'Sample district B', 1, 1, 0, 0, 100, 30].map((v, i) => (i === 2 ? expect.any(String) : v)));
    const exports = (await api('admin').audit.list.query({ action: 'interventions.export' })).filter((e) => e.target === sampleSet);
    expect(exports.map((e) => [e.email, e.detail])).toEqual(expect.arrayContaining([
      ['viewer@test.local', { format: 'csv', strategy: '4', actionArea: null, rows: 3 }],
      ['viewer@test.local', { format: 'xlsx', strategy: '4', actionArea: null, rows: 3 }],
    ]));
    const noSet = await fetchAs(cookies.viewer, `${server.url}/api/interventions/3w.csv`);
    expect([noSet.status, (await noSet.json()).error]).toEqual([400, 'Name the boundary set: ?set=ID (for example ?set=world-atlas-50m-admin0)']);
    const badStrategy = await fetchAs(cookies.viewer, `${url.split('&')[0]}&strategy=12`);
    expect([badStrategy.status, (await badStrategy.json()).error]).toEqual([400, "strategy: unknown strategy '12'; expected one of 1, 2, 3, 4, 5, 6, 7, 8"]);
    expect((await fetchAs(cookies.viewer, `${server.url}/api/interventions/3w.csv?set=no-such-set`)).status).toBe(404);
  });
});

describe('suggestions from the theory of change', () => {
  it('lists the action areas an area’s sites call for, with their counts, marks the covered ones and gives a draft', async () => {
    // sample sites inside Sample district A: 3 rail stations and 2 internet cafés
    const rows = [
      ...[0.3, 0.6, 0.9].map((x, i) => `Sample station ${i + 1},${x},${x},transit.rail-station`),
      ...[1.2, 1.5].map((x, i) => `Sample internet café ${i + 1},${x},${x},internet-cafe`),
    ];
    await publish('editor', 'Sample sites.csv', `name,lat,lon,category\n${rows.join('\n')}\n`, { kind: 'sites', categoryField: 'category', sensitivity: 'public' });
    const before = await api('viewer').interventions.suggestions.query({ boundarySetId: sampleSet, code: 'SA-A' });
    expect(before.area).toEqual({ boundarySetId: sampleSet, code: 'SA-A', name: 'Sample district A' });
    expect(before.borderland).toEqual({ radiusKm: 50, share: 0 });
    expect(before.sites).toEqual([
      { id: 'internet-cafe', factor: 'sites-count', value: 2 },
      { id: 'transit.rail-station', factor: 'sites-count', value: 3 },
    ]);
    expect(before.suggestions.map((s) => [s.code, s.because.map((b) => b.id)])).toEqual([
      ['2.1', ['transit.rail-station']],
      ['2.2', ['transit.rail-station']],
      ['5.1', ['internet-cafe']],
      ['6A.1', ['internet-cafe']],
      ['8.2', ['internet-cafe']],
    ]);
    const training = before.suggestions.find((s) => s.code === '2.2')!;
    expect(training.audiences).toEqual(['transport-staff', 'taxi-drivers']);
    expect(training.coveredBy).toEqual([]);
    // the suggestion turned into an intervention in one step covers it
    const made = await api('editor').interventions.create.mutate(training.draft);
    expect(made).toMatchObject({ title: 'Building capacities — Sample district A', actionArea: '2.2', status: 'planned', audiences: ['taxi-drivers', 'transport-staff'] });
    const after = await api('viewer').interventions.suggestions.query({ boundarySetId: sampleSet, code: 'SA-A' });
    expect(after.suggestions.find((s) => s.code === '2.2')!.coveredBy).toEqual([made.id]);
    expect(after.suggestions.find((s) => s.code === '2.1')!.coveredBy).toEqual([]);
  });
});

describe('3W sheet import', () => {
  const SHEET = [
    'Organisation,Activity code,Admin1 Pcode,Status,Start,End',
    'Sample NGO,2.2,SA-A,Ongoing,2026-01-15,2026-06-30',
    'Sample NGO,8.2,Sample district B,planned,01/07/2026,31/12/2026',
    'Sample partner,9.9,SA-A,ongoing,,',
    'Sample partner,5.1,SA-Z,ongoing,,',
  ].join('\n');

  it('imports through the pipeline with its join report, columns proposed from the header', async () => {
    const uploadId = await uploadFile('sample-3w.csv', SHEET, cookies.editor, server.url);
    // the wizard's inspection reads the header and the codes as a 3W sheet
    const inspection = await api('editor').imports.inspect.query({ uploadId });
    expect(inspection.proposed).toMatchObject({
      kind: 'interventions',
      interventions: { orgField: 'Organisation', activityField: 'Activity code', areaField: 'Admin1 Pcode', statusField: 'Status', startField: 'Start', endField: 'End' },
    });
    const request = { kind: 'interventions', name: 'Sample 3W', joinTo: sampleSet } as ImportRequestInput;
    const plan = await api('editor').imports.plan.mutate({ uploadId, request });
    expect(plan.toWrite).toEqual({ areas: 0, sites: 0, observations: 0, interventions: 2 });
    expect(plan.join).toMatchObject({ boundarySetId: sampleSet, keys: 3, matched: [{ key: 'SA-A', code: 'SA-A', method: 'code' }, { key: 'Sample district B', code: 'SA-B', method: 'name' }], unmatched: [{ key: 'SA-Z', row: 5 }] });
    expect(plan.issues.map((i) => [i.row, i.field])).toEqual([[4, 'Activity code']]);
    const job = await publishUpload(api('editor'), uploadId, request);
    expect(job.phase, JSON.stringify(job.error)).toBe('published');
    const imported = (await api('viewer').interventions.list.query({ partner: 'Sample NGO' })).sort((a, b) => a.actionArea.localeCompare(b.actionArea));
    expect(imported.map((i) => [i.title, i.actionArea, i.status, i.startDate, i.endDate, i.source, i.targets])).toEqual([
      ['Building capacities — Sample district A', '2.2', 'ongoing', '2026-01-15', '2026-06-30', 'import', [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-A', name: 'Sample district A' }]],
      ['Teaching children about online safety — Sample district B', '8.2', 'planned', '2026-07-01', '2026-12-31', 'import', [{ kind: 'area', boundarySetId: sampleSet, code: 'SA-B', name: 'Sample district B' }]],
    ]);
    expect((await api('viewer').interventions.history.query({ id: imported[0].id })).map((h) => [h.email, h.action])).toEqual([['editor@test.local', 'intervention.create']]);
  });

  it('imports a 3W sheet as XLSX, its kind proposed from the header, and leaves a table of indicators as observations', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('3W');
    for (const line of SHEET.replace(/Sample NGO/g, 'Sample XLSX NGO').split('\n')) ws.addRow(line.split(','));
    const uploadId = await uploadFile('sample-3w.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), cookies.editor, server.url);
    const inspection = await api('editor').imports.inspect.query({ uploadId });
    expect(inspection.proposed.kind).toBe('interventions');
    const job = await publishUpload(api('editor'), uploadId, { kind: inspection.proposed.kind, name: 'Sample 3W XLSX', joinTo: sampleSet } as ImportRequestInput);
    expect(job.phase, JSON.stringify(job.error)).toBe('published');
    expect(job.report?.toWrite.interventions).toBe(2);
    expect(job.report?.join?.unmatched.map((u) => u.key)).toEqual(['SA-Z']);
    const imported = await api('viewer').interventions.list.query({ partner: 'Sample XLSX NGO' });
    expect(imported.map((i) => i.actionArea).sort()).toEqual(['2.2', '8.2']);

    const indicators = await uploadFile('sample-index.csv', 'District,Year,Value\nSample district A,2020,12.5\n', cookies.editor, server.url);
    expect((await api('editor').imports.inspect.query({ uploadId: indicators })).proposed).toMatchObject({ kind: 'observations', interventions: null });
  });

  it('imports the same sheet with `npm run atlas -- import FILE --kind interventions`', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-3w-')), 'sample-3w-cli.csv');
    fs.writeFileSync(file, SHEET.replace(/Sample NGO/g, 'Sample CLI NGO'));
    const run = await atlas(['import', file, '--kind', 'interventions', '--join-to', sampleSet, '--as', 'editor@test.local']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`join to '${sampleSet}': 2 of 3 keys matched, 1 unmatched`);
    expect(run.stdout).toContain('imported 2 interventions');
    expect((await api('viewer').interventions.list.query({ partner: 'Sample CLI NGO' })).length).toBe(2);

    // without --kind the command proposes it from the header, as the wizard does; other columns by name
    const renamed = path.join(path.dirname(file), 'sample-3w-renamed.csv');
    fs.writeFileSync(renamed, SHEET.replace(/Sample NGO/g, 'Sample CLI NGO 2').replace('Status,Start,End', 'Phase,Begins,Finishes'));
    const guessed = await atlas(['import', renamed, '--join-to', sampleSet, '--status-field', 'Phase', '--start-field', 'Begins', '--end-field', 'Finishes', '--as', 'editor@test.local']);
    expect(guessed.code, guessed.stderr).toBe(0);
    expect(guessed.stdout).toContain('imported 2 interventions');
    const second = (await api('viewer').interventions.list.query({ partner: 'Sample CLI NGO 2' })).sort((a, b) => a.actionArea.localeCompare(b.actionArea));
    expect(second.map((i) => [i.status, i.startDate, i.endDate])).toEqual([['ongoing', '2026-01-15', '2026-06-30'], ['planned', '2026-07-01', '2026-12-31']]);
  });

  // the repo's own sample sheet (test/fixtures/sample), joined to its sample districts SL01–SL04
  const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/sample/sample-3w-budget-reach.csv');
  const DISTRICTS = path.resolve(import.meta.dirname, '../fixtures/sample/sample-districts.geojson');
  const WRONG_ROWS = [
    [5, 'Budget', 'sample-3w-budget-reach.csv: row 5: budget -300 is negative; it cannot be below 0; the row is left out'],
    [6, 'Currency', "sample-3w-budget-reach.csv: row 6: currency 'ABC' is not an ISO 4217 code in use (such as USD, EUR or XOF); the row is left out"],
    [7, 'Actual reach', "sample-3w-budget-reach.csv: row 7: actual reach 40 with no reach target in column 'Reach target': set the people to reach first; the row is left out"],
  ];
  let districtSet = '';

  it('imports budget, currency and reach (target and actual) proposed from the header, refusing wrong rows by row and column', async () => {
    districtSet = (await publish('editor', 'sample-districts.geojson', fs.readFileSync(DISTRICTS, 'utf8'), { kind: 'boundaries', codeField: 'ADM2_PCODE', nameField: 'ADM2_NAME', level: 2, sensitivity: 'public' })).datasetId!;
    const uploadId = await uploadFile('sample-3w-budget-reach.csv', fs.readFileSync(FIXTURE, 'utf8'), cookies.editor, server.url);
    const inspection = await api('editor').imports.inspect.query({ uploadId });
    expect(inspection.proposed).toMatchObject({
      kind: 'interventions',
      interventions: { orgField: 'Organisation', activityField: 'Activity code', areaField: 'Admin2 Pcode', budgetField: 'Budget', currencyField: 'Currency', reachField: 'Reach target', reachedField: 'Actual reach' },
    });
    const request = { kind: 'interventions', name: 'Sample 3W with budgets', joinTo: districtSet } as ImportRequestInput;
    const plan = await api('editor').imports.plan.mutate({ uploadId, request });
    expect(plan.toWrite.interventions).toBe(3);
    expect(plan.issues.map((i) => [i.row, i.field, i.message])).toEqual(WRONG_ROWS);
    const today = new Date().toISOString().slice(0, 10);
    const job = await publishUpload(api('editor'), uploadId, request);
    expect(job.phase, JSON.stringify(job.error)).toBe('published');

    const imported = (await api('viewer').interventions.list.query({ area: undefined })).filter((i) => i.targets.some((t) => t.kind === 'area' && t.boundarySetId === districtSet));
    const byArea = new Map(imported.map((i) => [(i.targets[0] as { code: string }).code, i]));
    expect([...byArea.keys()].sort()).toEqual(['SL01', 'SL02', 'SL03']);
    expect(['SL01', 'SL02', 'SL03'].map((c) => { const i = byArea.get(c)!; return [i.actionArea, i.partner, i.status, i.budget, i.currency, i.reachTarget]; })).toEqual([
      ['2.2', 'Sample NGO', 'ongoing', 12500, 'USD', 800],
      ['5.1', 'Sample partner', 'completed', 9800.5, 'EUR', 1200],
      ['8.2', 'Sample NGO', 'planned', null, null, 500],
    ]);
    // people reached: a measurement dated the row's end when it has passed, else the day of the import
    const reach = async (code: string) => (await api('viewer').interventions.reach.query({ id: byArea.get(code)!.id })).entries.map((e) => [e.recordedOn, e.reach, e.recordedBy]);
    expect(await reach('SL01')).toEqual([[today, 350, 'editor@test.local']]);
    expect(await reach('SL02')).toEqual([['2025-12-31', 1150, 'editor@test.local']]);
    expect(await reach('SL03')).toEqual([]);
    expect((await api('viewer').interventions.history.query({ id: byArea.get('SL02')!.id })).map((h) => [h.action, h.detail?.reach ?? null])).toEqual([['intervention.create', null], ['intervention.reach', 1150]]);
  });

  it('imports the same sheet with the CLI, the measurements dated --data-date, the wrong rows named', async () => {
    const before = new Set((await api('viewer').interventions.list.query({})).map((i) => i.id));
    const run = await atlas(['import', FIXTURE, '--kind', 'interventions', '--join-to', districtSet, '--data-date', '2026-09-30', '--as', 'editor@test.local']);
    expect(run.code, run.stderr).toBe(0);
    for (const [, , message] of WRONG_ROWS) expect(run.stdout).toContain(message);
    expect(run.stdout).toContain('imported 3 interventions');
    const added = (await api('viewer').interventions.list.query({})).filter((i) => !before.has(i.id));
    expect(added.map((i) => [i.budget, i.currency, i.reachTarget]).sort()).toEqual([[12500, 'USD', 800], [9800.5, 'EUR', 1200], [null, null, 500]].sort());
    const entries = await Promise.all(added.map(async (i) => (await api('viewer').interventions.reach.query({ id: i.id })).entries.map((e) => [e.recordedOn, e.reach])));
    expect(entries.flat().sort()).toEqual([['2026-09-30', 1150], ['2026-09-30', 350]]);
    // columns named on the command line win over the header's proposal: with 'Reach target' read as people reached and 'Budget' as people to reach, row 4 (no budget) reaches 500 people out of none
    const renamed = await atlas(['import', FIXTURE, '--kind', 'interventions', '--join-to', districtSet, '--reach-field', 'Budget', '--reached-field', 'Reach target', '--dry-run', '--as', 'editor@test.local']);
    expect(renamed.stdout).toContain("sample-3w-budget-reach.csv: row 4: actual reach 500 with no reach target in column 'Budget': set the people to reach first; the row is left out");
  });
});
