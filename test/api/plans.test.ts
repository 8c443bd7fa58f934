import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/store/access';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { fetchAs, signIn, TEST_ADMIN } from '../helpers/auth';
import { hasPoppler, pdfPageCount, pdfTextOf, pdftotext } from '../helpers/pdf-text';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput, inviteMember, trpcFailure, box } from './client';

// A server of this file's own. Everything below is SAMPLE data: made-up communes in the Gulf of
// Guinea (open sea), made-up organisations, sites and indicator values; no figure here describes
// real places or children.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample other organisation';
const api = (who: string) => apiClient(cookies[who] ?? '', server.url);

const atlas = (args: string[], stdin = '') => runAtlas(server, args, stdin);

const member = (role: Role) => inviteMember(server.url, cookies.admin, role);

const failure = trpcFailure;

const COMMUNE = 'Sample commune Bérénice-sur-Lèze';
const SAMPLE_COMMUNES = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { pcode: 'SC-A', name: COMMUNE }, geometry: box(0, 0, 2, 2) },
    { type: 'Feature', properties: { pcode: 'SC-B', name: 'Sample commune B' }, geometry: box(2, 0, 4, 2) },
  ],
};
let set = '';

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
  set = (await publish('editor', 'Sample communes.geojson', JSON.stringify(SAMPLE_COMMUNES), { kind: 'boundaries', codeField: 'pcode', nameField: 'name', level: 3, sensitivity: 'public' })).datasetId!;
  // inside the commune: 2 rail stations, 1 internet café, 3 child-welfare institutions (restricted by their category); 1 station in commune B
  const rows = [
    'Sample station Nord,0.5,0.5,transit.rail-station',
    'Sample station Sud,1.5,0.4,transit.rail-station',
    'Sample cybercafé Élan,1.2,1.2,internet-cafe',
    'Sample home 1,0.3,1.7,child-welfare-institution',
    'Sample home 2,0.31,1.71,child-welfare-institution',
    'Sample home 3,0.32,1.72,child-welfare-institution',
    'Sample station B,1,3,transit.rail-station',
  ];
  await publish('editor', 'Sample sites.csv', `name,lat,lon,category\n${rows.join('\n')}\n`, { kind: 'sites', categoryField: 'category', sensitivity: 'internal', source: 'Sample site survey (sample)' } as never);
  await publish('editor', 'Sample index.csv', 'District,Year,Sample index\nSC-A,2023,40\nSC-A,2024,42.5\nSC-B,2024,12\n', {
    kind: 'observations', areaField: 'District', valueField: 'Sample index', periodField: 'Year', indicator: 'Sample index', joinTo: set, source: 'Sample index survey (sample)',
  } as never);
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('a municipality’s risk inventory', () => {
  it('lists the sites inside by category with names and sources, indicators, interventions and uncovered suggestions', async () => {
    const covering = await api('editor').interventions.create.mutate({ title: 'Sample station staff training', actionArea: '2.2', status: 'ongoing', targets: [{ kind: 'area', boundarySetId: set, code: 'SC-A' }] });
    const inv = await api('editor').plans.inventory.query({ boundarySetId: set, code: 'SC-A' });
    expect(inv.area).toMatchObject({ boundarySetId: set, code: 'SC-A', name: COMMUNE, bbox: [0, 0, 2, 2] });
    // the editor is cleared for restricted sites: every site inside, by name
    expect(inv.sites.byCategory).toEqual([
      { id: 'child-welfare-institution', factor: 'sites-count', value: 3 },
      { id: 'internet-cafe', factor: 'sites-count', value: 1 },
      { id: 'transit.rail-station', factor: 'sites-count', value: 2 },
    ]);
    expect(inv.sites.list.map((s) => [s.name, s.category, s.source])).toEqual([
      ['Sample home 1', 'child-welfare-institution', 'Sample sites.csv'],
      ['Sample home 2', 'child-welfare-institution', 'Sample sites.csv'],
      ['Sample home 3', 'child-welfare-institution', 'Sample sites.csv'],
      ['Sample cybercafé Élan', 'internet-cafe', 'Sample sites.csv'],
      ['Sample station Nord', 'transit.rail-station', 'Sample sites.csv'],
      ['Sample station Sud', 'transit.rail-station', 'Sample sites.csv'],
    ]);
    expect(inv.sites.generalised).toBeNull();
    expect(inv.borderland).toEqual({ radiusKm: 50, share: 0 });
    expect(inv.borderlandPart).toBeNull();
    expect(inv.indicators).toEqual([{ name: 'Sample index', unit: expect.any(String), period: '2024', value: 42.5, source: 'Sample index.csv' }]);
    expect(inv.interventions.map((i) => [i.id, i.actionArea, i.share])).toEqual([[covering.id, '2.2', 1]]);
    // 2.2 is covered, so it is not suggested again
    expect(inv.covered.map((c) => c.code)).toEqual(['2.2']);
    expect(inv.suggestions.map((s) => s.code)).toEqual(['2.1', '5.1', '6A.1', '8.1', '8.2']);
    expect(inv.sources.map((s) => [s.name, s.use])).toEqual([['Sample communes.geojson', 'boundaries'], ['Sample sites.csv', 'sites'], ['Sample index.csv', 'indicators']]);
  });

  it('protects counts and generalises restricted sites for a viewer without clearance', async () => {
    const inv = await api('viewer').plans.inventory.query({ boundarySetId: set, code: 'SC-A' });
    // internal sites: counts under the organisation's k (10) are shown as <10
    expect(inv.sites.byCategory).toEqual([
      { id: 'child-welfare-institution', factor: 'sites-count', value: null, below: 10 },
      { id: 'internet-cafe', factor: 'sites-count', value: null, below: 10 },
      { id: 'transit.rail-station', factor: 'sites-count', value: null, below: 10 },
    ]);
    const homes = inv.sites.list.filter((s) => s.category === 'child-welfare-institution');
    expect(homes).toEqual([{ name: null, category: 'child-welfare-institution', source: 'Sample sites.csv', datasetId: expect.any(String), lng: expect.any(Number), lat: expect.any(Number), cell: expect.stringMatching(/^85/), count: null, below: 10 }]);
    expect(inv.sites.generalised).toMatchObject({ resolution: 5, k: 10, cells: 1 });
    expect(JSON.stringify(inv)).not.toContain('Sample home');
    // another organisation sees none of the internal sites
    const other = await api('otherAdmin').plans.inventory.query({ boundarySetId: set, code: 'SC-A' });
    expect(other.sites.list).toEqual([]);
  });

  it('gives the risk score of the built-in model once it scores the area, as risk.score does', async () => {
    await api('editor').factors.compute.mutate({ boundarySetId: set });
    const scored = await api('editor').risk.score.query({ modelId: 'builtin:demand-for-sec', boundarySetId: set });
    const model = await api('editor').risk.models.get.query({ id: 'builtin:demand-for-sec' });
    const mine = scored.areas.find((a) => a.code === 'SC-A')!;
    expect(mine.score).not.toBeNull();
    const inv = await api('editor').plans.inventory.query({ boundarySetId: set, code: 'SC-A' });
    expect(inv.risk).toEqual({ modelId: 'builtin:demand-for-sec', modelName: model.name, score: mine.score, class: mine.class, rank: mine.rank, of: scored.areas.filter((a) => a.score !== null).length, reliability: mine.reliability });
    expect(inv.factors?.values.length).toBeGreaterThan(0);
  });

  it('answers an unknown area with NOT_FOUND', async () => {
    const err = await failure(api('viewer').plans.inventory.query({ boundarySetId: set, code: 'SC-Z' }));
    expect([err.data?.code, err.message]).toEqual(['NOT_FOUND', `No area 'SC-Z' in boundary set '${set}'`]);
  });
});

describe('plans', () => {
  let planId = '';
  let existing = '';

  it('creates a plan with an existing and a new intervention in one step, and reads it back', async () => {
    existing = (await api('editor').interventions.create.mutate({ title: 'Sample café checks', actionArea: '6A.1', targets: [{ kind: 'area', boundarySetId: set, code: 'SC-A' }] })).id;
    const plan = await api('editor').plans.create.mutate({
      title: `Plan local — ${COMMUNE}`, boundarySetId: set, areaCode: 'SC-A', notes: 'Adopted by the sample council.',
      items: [
        { interventionId: existing, responsibility: 'Service jeunesse', startDate: '2026-02-01', endDate: '2026-11-30', notes: 'Quarterly visits' },
        { newIntervention: { title: 'Sample campaign at the stations', actionArea: '2.1', targets: [{ kind: 'area', boundarySetId: set, code: 'SC-A' }] }, responsibility: 'Police municipale', startDate: '2026-03-01' },
      ],
    });
    planId = plan.id;
    expect(plan).toMatchObject({ orgId: 'default', sensitivity: 'internal', version: 1, area: { boundarySetId: set, code: 'SC-A', name: COMMUNE }, createdBy: 'editor@test.local' });
    expect(plan.items.map((i) => [i.intervention?.title, i.intervention?.actionArea, i.responsibility, i.startDate, i.endDate, i.notes])).toEqual([
      ['Sample café checks', '6A.1', 'Service jeunesse', '2026-02-01', '2026-11-30', 'Quarterly visits'],
      ['Sample campaign at the stations', '2.1', 'Police municipale', '2026-03-01', null, ''],
    ]);
    // the new intervention exists on its own, made from the plan, and its creation is in the audit log
    const made = await api('viewer').interventions.get.query({ id: plan.items[1].interventionId });
    expect(made).toMatchObject({ title: 'Sample campaign at the stations', status: 'planned', source: 'plan' });
    expect(await api('viewer').plans.get.query({ id: planId })).toEqual(plan);
    expect((await api('viewer').plans.list.query({ area: { boundarySetId: set, code: 'SC-A' } })).map((p) => p.id)).toEqual([planId]);
    expect(await api('viewer').plans.list.query({ area: { boundarySetId: set, code: 'SC-B' } })).toEqual([]);
    const audit = await api('admin').audit.list.query({ action: 'intervention.create' });
    expect(audit.find((e) => e.target === made.id)?.detail).toMatchObject({ plan: planId, title: 'Sample campaign at the stations' });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await api('editor').plans.list.query()).length;
    const interventionsBefore = (await api('editor').interventions.list.query()).length;
    const cases: [unknown, RegExp][] = [
      [{ title: '', boundarySetId: set, areaCode: 'SC-A' }, /^title: give the plan a title$/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-Z' }, /^areaCode: no area 'SC-Z' in boundary set/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ interventionId: existing, startDate: '2026-05-01', endDate: '2026-04-01' }] }, /^items\.0\.endDate: the end \(2026-04-01\) is before the start \(2026-05-01\)$/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ interventionId: 'iv-nothing' }] }, /^items\.0\.interventionId: no intervention 'iv-nothing'$/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ responsibility: 'nobody' }] }, /^items\.0\.interventionId: give either an existing intervention/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ newIntervention: { title: 'y', actionArea: '9.9' } }] }, /^items\.0\.newIntervention\.actionArea: unknown action-area code '9\.9'/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ newIntervention: { title: 'y', actionArea: '2.1', budget: -5, currency: 'USD' } }] }, /^items\.0\.newIntervention\.budget: a budget cannot be negative$/],
      // the first row's new intervention is valid; the second row fails: neither is written
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ newIntervention: { title: 'Never written', actionArea: '2.1' } }, { interventionId: 'iv-nothing' }] }, /^items\.1\.interventionId: no intervention 'iv-nothing'$/],
      [{ title: 'x', boundarySetId: set, areaCode: 'SC-A', items: [{ newIntervention: { title: 'Never written', actionArea: '2.1', targets: [{ kind: 'area', boundarySetId: set, code: 'SC-Q' }] } }] }, /^items\.0\.newIntervention\.targets\.0\.code: no area 'SC-Q'/],
    ];
    for (const [input, message] of cases) {
      const err = await failure(api('editor').plans.create.mutate(input as never));
      expect(err.data?.code, String(message)).toBe('BAD_REQUEST');
      expect(err.message).toMatch(message);
    }
    expect((await api('editor').plans.list.query()).length).toBe(before);
    expect((await api('editor').interventions.list.query()).length).toBe(interventionsBefore);
    expect((await api('editor').interventions.list.query()).map((i) => i.title)).not.toContain('Never written');
  });

  it('refuses a stale update with CONFLICT carrying the other change, and keeps the history', async () => {
    const first = await api('editor').plans.get.query({ id: planId });
    const saved = await api('editor').plans.update.mutate({ id: planId, version: 1, patch: { title: 'Plan local 2026', items: first.items.map((i, n) => ({ interventionId: i.interventionId, responsibility: n === 0 ? 'Mairie' : i.responsibility, startDate: i.startDate, endDate: i.endDate, notes: i.notes })) } });
    expect([saved.version, saved.title, saved.items[0].responsibility, saved.items[1].responsibility]).toEqual([2, 'Plan local 2026', 'Mairie', 'Police municipale']);
    // a second person saves from version 1
    const stale = await failure(api('admin').plans.update.mutate({ id: planId, version: 1, patch: { notes: 'Other notes', items: [{ newIntervention: { title: 'Rolled back', actionArea: '8.2' } }] } }));
    expect(stale.data?.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/was changed by editor@test\.local .* \(your version 1, now 2\)/);
    const conflict = stale.data?.conflict as { yourVersion: number; current: { version: number; title: string }; changedBy: string; change: Record<string, { from: unknown; to: unknown }> };
    expect([conflict.yourVersion, conflict.current.version, conflict.current.title, conflict.changedBy]).toEqual([1, 2, 'Plan local 2026', 'editor@test.local']);
    expect(conflict.change.title).toEqual({ from: `Plan local — ${COMMUNE}`, to: 'Plan local 2026' });
    expect((conflict.change.items.to as { responsibility: string }[])[0].responsibility).toBe('Mairie');
    // nothing of the refused save was written, not even its new intervention
    expect((await api('editor').plans.get.query({ id: planId })).notes).toBe('Adopted by the sample council.');
    expect((await api('editor').interventions.list.query()).map((i) => i.title)).not.toContain('Rolled back');
    const history = await api('viewer').plans.history.query({ id: planId });
    expect(history.map((h) => [h.action, h.email])).toEqual([['plan.create', 'editor@test.local'], ['plan.update', 'editor@test.local']]);
    expect(history[1].detail).toMatchObject({ version: 2, changes: { title: { to: 'Plan local 2026' } } });
    const bad = await failure(api('editor').plans.update.mutate({ id: planId, version: 2, patch: { items: [{ interventionId: existing, endDate: '2026-13-01' }] } }));
    expect(bad.message).toMatch(/^patch\.items\.0\.endDate: not a calendar date$/);
  });

  it('lets editors of the owning organisation write, viewers read, other organisations neither', async () => {
    const denied = await failure(api('viewer').plans.create.mutate({ title: 'x', boundarySetId: set, areaCode: 'SC-A' }));
    expect(denied.data?.code).toBe('FORBIDDEN');
    const viewerUpdate = await failure(api('viewer').plans.update.mutate({ id: planId, version: 2, patch: { title: 'y' } }));
    expect(viewerUpdate.data?.code).toBe('FORBIDDEN');
    // an internal plan of another organisation: as if it did not exist
    expect((await failure(api('otherAdmin').plans.get.query({ id: planId }))).data?.code).toBe('NOT_FOUND');
    expect((await failure(api('otherAdmin').plans.update.mutate({ id: planId, version: 2, patch: { title: 'y' } }))).data?.code).toBe('NOT_FOUND');
    expect(await api('otherAdmin').plans.list.query()).toEqual([]);
    const pdf = await fetchAs(cookies.otherAdmin, `${server.url}/api/plans/${planId}.pdf`);
    expect(pdf.status).toBe(404);
    // made public, it is readable by the other organisation, still not writable
    const pub = await api('editor').plans.update.mutate({ id: planId, version: 2, patch: { sensitivity: 'public' } });
    expect((await api('otherAdmin').plans.get.query({ id: planId })).title).toBe('Plan local 2026');
    const foreign = await failure(api('otherAdmin').plans.update.mutate({ id: planId, version: pub.version, patch: { title: 'y' } }));
    expect([foreign.data?.code, foreign.message]).toEqual(['FORBIDDEN', "Plan 'Plan local 2026' belongs to another organisation; only its own editors can change it."]);
    expect((await failure(api('otherAdmin').plans.history.query({ id: planId }))).data?.code).toBe('FORBIDDEN');
    await api('editor').plans.update.mutate({ id: planId, version: pub.version, patch: { sensitivity: 'internal' } });
  });

  it('prints the plan as an A4 PDF with the area’s name, the inventory, the plan table and the sources', async () => {
    for (const lang of ['en', 'fr'] as const) {
      const res = await fetchAs(cookies.viewer, `${server.url}/api/plans/${planId}.pdf${lang === 'fr' ? '?lang=fr' : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      if (process.env.PLAN_PDF_OUT) fs.writeFileSync(`${process.env.PLAN_PDF_OUT}-${lang}.pdf`, pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/);
      // A4 pages, portrait
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      const pages = pdfPageCount(pdf);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(4);
      const text = pdfTextOf(pdf).replace(/\s+/g, ' ');
      expect(text).toContain(COMMUNE);
      expect(text).toContain('Plan local 2026');
      expect(text).toContain('Sample café checks');
      expect(text).toContain('Mairie');
      expect(text).toContain('Police municipale');
      expect(text).toContain('Sample campaign at the stations');
      expect(text).toContain('2026-11-30');
      expect(text).toContain('Sample site survey (sample)');
      expect(text).toContain('Sample index survey (sample)');
      // the viewer's PDF: protected counts and generalised sites, no restricted name
      expect(text).not.toContain('Sample home');
      expect(text).toContain(lang === 'fr' ? 'Sources des données' : 'Data sources');
      expect(text).toContain(lang === 'fr' ? 'Cybercafé' : 'Internet café');
      // the risk score as the inventory gives it (factors were computed above)
      const risk = (await api('viewer').plans.inventory.query({ boundarySetId: set, code: 'SC-A' })).risk!;
      expect(text).toContain(lang === 'fr' ? `${risk.score.toFixed(1)} sur 10` : `${risk.score.toFixed(1)} of 10`);
      expect(text).toContain(lang === 'fr' ? `Page 1 sur ${pages}` : `Page 1 of ${pages}`);
      if (hasPoppler()) {
        const popplerText = pdftotext(pdf).replace(/\s+/g, ' ');
        expect(popplerText).toContain(COMMUNE);
        expect(popplerText).toContain('Sample café checks');
        expect(popplerText).toContain('2026-11-30');
      }
    }
    // the editor's PDF names the restricted sites they are cleared for
    const editors = pdfTextOf(Buffer.from(await (await fetchAs(cookies.editor, `${server.url}/api/plans/${planId}.pdf`)).arrayBuffer()));
    expect(editors).toContain('Sample home 1');
    const audit = await api('admin').audit.list.query({ action: 'plan.pdf' });
    expect(audit.filter((e) => e.target === planId).map((e) => e.email).sort()).toEqual(['editor@test.local', 'viewer@test.local', 'viewer@test.local']);
    expect((await fetchAs(cookies.viewer, `${server.url}/api/plans/plan-none.pdf`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/plans/${planId}.pdf`)).status).toBe(401);
  });

  it('removes a plan for an editor of its organisation, keeps its interventions, audits it; refuses others and a stale version', async () => {
    const plan = await api('editor').plans.create.mutate({
      title: 'Sample plan to remove', boundarySetId: set, areaCode: 'SC-B',
      items: [{ interventionId: existing, responsibility: 'Mairie' }, { newIntervention: { title: 'Sample kept intervention', actionArea: '5.1' } }],
    });
    const made = plan.items[1].interventionId;
    expect((await failure(api('viewer').plans.remove.mutate({ id: plan.id }))).data?.code).toBe('FORBIDDEN');
    expect((await failure(api('otherAdmin').plans.remove.mutate({ id: plan.id }))).data?.code).toBe('NOT_FOUND');
    // changed since version 1: refused with the other change, nothing deleted
    const v2 = await api('admin').plans.update.mutate({ id: plan.id, version: 1, patch: { notes: 'Changed meanwhile' } });
    const stale = await failure(api('editor').plans.remove.mutate({ id: plan.id, version: 1 }));
    expect(stale.data?.code).toBe('CONFLICT');
    expect((stale.data?.conflict as { current: { notes: string; version: number } }).current).toMatchObject({ notes: 'Changed meanwhile', version: 2 });
    expect((await api('viewer').plans.get.query({ id: plan.id })).version).toBe(2);

    expect(await api('editor').plans.remove.mutate({ id: plan.id, version: v2.version })).toEqual({ id: plan.id });
    expect((await failure(api('viewer').plans.get.query({ id: plan.id }))).data?.code).toBe('NOT_FOUND');
    expect((await api('viewer').plans.list.query({ area: { boundarySetId: set, code: 'SC-B' } })).map((p) => p.id)).not.toContain(plan.id);
    expect((await fetchAs(cookies.viewer, `${server.url}/api/plans/${plan.id}.pdf`)).status).toBe(404);
    // its interventions stay; the plan still in use elsewhere is untouched
    expect((await api('viewer').interventions.get.query({ id: made })).title).toBe('Sample kept intervention');
    expect((await api('viewer').interventions.get.query({ id: existing })).id).toBe(existing);
    expect((await api('viewer').plans.get.query({ id: planId })).items).toHaveLength(2);
    const audit = await api('admin').audit.list.query({ action: 'plan.remove' });
    expect(audit.filter((e) => e.target === plan.id).map((e) => [e.email, e.detail])).toEqual([['editor@test.local', { title: 'Sample plan to remove', area: plan.area, items: 2, version: 2 }]]);
    expect((await failure(api('editor').plans.remove.mutate({ id: plan.id }))).data?.code).toBe('NOT_FOUND');
  });
});
