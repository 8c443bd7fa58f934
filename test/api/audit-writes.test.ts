import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/routers/_app';
import { DEMAND_FOR_SEC, DEMAND_FOR_SEC_ID } from '../../server/domain/risk/demand-for-sec';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, inviteMember, publishUpload, uploadFile, type ImportRequestInput } from './client';

// Every write is audited: each mutation of the router, called by a user allowed to, leaves an
// audit entry naming who (e-mail), what (action and target), when and from where (address). The
// list of mutations is read from the router, so a new mutation without an example here fails.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample other organisation';
const COUNTRIES = 'world-atlas-50m-admin0';
type Api = ReturnType<typeof apiClient>;
const api = (who: string): Api => apiClient(cookies[who], server.url);

const CSV = 'name,lat,lon,category\nSample harbour 1,27.70000,85.30000,transit.harbour\nSample harbour 2,27.71000,85.31000,transit.harbour\n';
const siteRequest = (name: string) => ({ kind: 'sites', name, categoryField: 'category' }) as ImportRequestInput;
const newIntervention = (title: string) => ({ title, actionArea: '2.2', targets: [{ kind: 'area', boundarySetId: COUNTRIES, code: 'NPL' }] }) as Parameters<Api['interventions']['create']['mutate']>[0];
const memberId = async (email: string) => (await api('admin').users.members.query()).find((m) => m.email === email)!.id;

/** What a mutation's example does: `setup` is not watched; `call`, made as `who`, must leave an entry. */
interface Example {
  who: string;
  setup?: () => Promise<unknown>;
  call: (setup: any) => Promise<unknown>;
}

const EXAMPLES: Record<string, Example> = {
  'interventions.create': { who: 'editor', call: () => api('editor').interventions.create.mutate(newIntervention('Sample audited outreach')) },
  'interventions.update': {
    who: 'editor',
    setup: () => api('editor').interventions.create.mutate(newIntervention('Sample to change')),
    call: (iv) => api('editor').interventions.update.mutate({ id: iv.id, version: iv.version, patch: { title: 'Sample changed' } }),
  },
  'interventions.duplicate': { who: 'editor', setup: () => api('editor').interventions.create.mutate(newIntervention('Sample to copy')), call: (iv) => api('editor').interventions.duplicate.mutate({ id: iv.id }) },
  'interventions.cancel': { who: 'editor', setup: () => api('editor').interventions.create.mutate(newIntervention('Sample to cancel')), call: (iv) => api('editor').interventions.cancel.mutate({ id: iv.id, version: iv.version }) },
  'interventions.addReach': {
    who: 'editor',
    setup: () => api('editor').interventions.create.mutate({ ...newIntervention('Sample reached'), status: 'ongoing', startDate: '2026-01-01', reachTarget: 100 }),
    call: (iv) => api('editor').interventions.addReach.mutate({ id: iv.id, recordedOn: '2026-02-01', reach: 10 }),
  },
  'plans.create': { who: 'editor', call: () => api('editor').plans.create.mutate({ title: 'Sample audited plan', boundarySetId: COUNTRIES, areaCode: 'NPL', items: [] }) },
  'plans.update': {
    who: 'editor',
    setup: () => api('editor').plans.create.mutate({ title: 'Sample plan to change', boundarySetId: COUNTRIES, areaCode: 'NPL', items: [] }),
    call: (plan) => api('editor').plans.update.mutate({ id: plan.id, version: plan.version, patch: { title: 'Sample plan changed' } }),
  },
  'plans.remove': {
    who: 'editor',
    setup: () => api('editor').plans.create.mutate({ title: 'Sample plan to remove', boundarySetId: COUNTRIES, areaCode: 'NPL', items: [] }),
    call: (plan) => api('editor').plans.remove.mutate({ id: plan.id }),
  },
  'datasets.update': {
    who: 'editor',
    setup: () => importSites('Sample to rename'),
    call: async (id) => api('editor').datasets.update.mutate({ id, version: (await api('editor').datasets.list.query()).find((d) => d.id === id)!.version, name: 'Sample renamed' }),
  },
  'datasets.remove': { who: 'editor', setup: () => importSites('Sample to remove'), call: (id) => api('editor').datasets.remove.mutate({ id }) },
  'imports.plan': { who: 'editor', setup: () => uploadFile('plan.csv', CSV, cookies.editor, server.url), call: (uploadId) => api('editor').imports.plan.mutate({ uploadId, request: siteRequest('Sample planned') }) },
  'imports.start': { who: 'editor', setup: () => uploadFile('start.csv', CSV, cookies.editor, server.url), call: (uploadId) => api('editor').imports.start.mutate({ uploadId, request: siteRequest('Sample started') }) },
  'imports.cancel': {
    who: 'editor',
    setup: async () => (await api('editor').imports.start.mutate({ uploadId: await uploadFile('cancel.csv', CSV, cookies.editor, server.url), request: siteRequest('Sample cancelled') })).jobId,
    call: (jobId) => api('editor').imports.cancel.mutate({ jobId }),
  },
  'factors.compute': { who: 'analyst', call: () => api('analyst').factors.compute.mutate({ boundarySetId: COUNTRIES }) },
  'account.changePassword': { who: 'changer', call: () => api('changer').account.changePassword.mutate({ current: 'password of the viewer', next: 'another password of the viewer' }) },
  'account.switchOrganisation': {
    who: 'switcher',
    call: async () => api('switcher').account.switchOrganisation.mutate({ orgId: (await api('switcher').account.me.query()).organisations.find((o) => o.name === OTHER_ORG)!.id }),
  },
  'users.invite': { who: 'admin', call: () => api('admin').users.invite.mutate({ email: 'sample.invited@test.local', role: 'viewer' }) },
  'users.setRole': { who: 'admin', setup: () => memberId('sample.invited@test.local'), call: (userId) => api('admin').users.setRole.mutate({ userId, role: 'analyst' }) },
  'users.resetPassword': { who: 'admin', setup: () => memberId('sample.invited@test.local'), call: (userId) => api('admin').users.resetPassword.mutate({ userId }) },
  'users.remove': { who: 'admin', setup: () => memberId('sample.invited@test.local'), call: (userId) => api('admin').users.remove.mutate({ userId }) },
  'users.setSuppressionK': { who: 'admin', call: () => api('admin').users.setSuppressionK.mutate({ k: 10 }) },
  'risk.models.save': { who: 'analyst', call: () => api('analyst').risk.models.save.mutate({ definition: { ...DEMAND_FOR_SEC, name: 'Sample audited model' } }) },
  'risk.models.remove': {
    who: 'analyst',
    setup: () => api('analyst').risk.models.save.mutate({ definition: { ...DEMAND_FOR_SEC, name: 'Sample model to remove' } }),
    call: (model) => api('analyst').risk.models.remove.mutate({ id: model.id }),
  },
  'risk.models.import': { who: 'analyst', call: () => api('analyst').risk.models.import.mutate({ file: JSON.stringify({ ...DEMAND_FOR_SEC, name: 'Sample imported model' }), fileName: 'sample.risk-model.json' }) },
  'risk.runs.save': { who: 'analyst', call: () => api('analyst').risk.runs.save.mutate({ name: 'Sample audited run', modelId: DEMAND_FOR_SEC_ID, boundarySetId: COUNTRIES }) },
  'risk.exportRanking': { who: 'viewer', call: () => api('viewer').risk.exportRanking.mutate({ modelId: DEMAND_FOR_SEC_ID, boundarySetId: COUNTRIES }) },
  'views.create': { who: 'analyst', call: () => api('analyst').views.create.mutate({ name: 'Sample audited view', query: 'v=0,0,1&l=countries&bk=50' }) },
  'views.rename': {
    who: 'analyst',
    setup: () => api('analyst').views.create.mutate({ name: 'Sample view to rename', query: 'v=0,0,1&l=countries&bk=50' }),
    call: (view) => api('analyst').views.rename.mutate({ id: view.id, name: 'Sample view renamed' }),
  },
  'views.remove': {
    who: 'analyst',
    setup: () => api('analyst').views.create.mutate({ name: 'Sample view to remove', query: 'v=0,0,1&l=countries&bk=50' }),
    call: (view) => api('analyst').views.remove.mutate({ id: view.id }),
  },
};

async function importSites(name: string): Promise<string> {
  const job = await publishUpload(api('editor'), await uploadFile(`${name}.csv`, CSV, cookies.editor, server.url), siteRequest(name));
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  return job.datasetId!;
}

/** The mutations of the router, in its order. */
function mutations(): string[] {
  const all = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;
  return Object.entries(all).filter(([, p]) => p._def.type === 'mutation').map(([path]) => path);
}

/** The audit entries of both organisations (each admin reads their own), newest first. */
async function entries() {
  const lists = await Promise.all(['admin', 'otherAdmin'].map((who) => api(who).audit.list.query({ limit: 1000 })));
  return lists.flat().sort((a, b) => b.id - a.id);
}

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  cookies.switcher = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['viewer', 'analyst', 'editor'] as const) cookies[role] = await inviteMember(server.url, cookies.admin, role);
  const invited = await api('admin').users.invite.mutate({ email: 'sample.changer@test.local', role: 'viewer' });
  cookies.changer = await signIn(server.url, 'sample.changer@test.local', invited.oneTimePassword!);
  await api('changer').account.changePassword.mutate({ current: invited.oneTimePassword!, next: 'password of the viewer' });
  const org = await runAtlas(server, ['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await runAtlas(server, ['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.otherAdmin = await signIn(server.url, 'other.admin@test.local', 'other admin password');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('every write is audited', () => {
  it('has an example for every mutation of the router', () => {
    const list = mutations();
    expect(list.length).toBeGreaterThan(20);
    expect(list.filter((path) => !EXAMPLES[path])).toEqual([]);
  });

  it('writes an entry naming who, what, when and from where for each mutation called by an allowed user', async () => {
    const emails: Record<string, string> = { admin: TEST_ADMIN.email, switcher: TEST_ADMIN.email, changer: 'sample.changer@test.local', viewer: 'viewer@test.local', analyst: 'analyst@test.local', editor: 'editor@test.local' };
    const missing: string[] = [];
    for (const path of mutations()) {
      const example = EXAMPLES[path];
      if (!example) continue;
      const prepared = await example.setup?.();
      const last = (await entries())[0]?.id ?? 0;
      const before = new Date().toISOString();
      await example.call(prepared);
      const after = new Date().toISOString();
      const written = (await entries()).filter((e) => e.id > last);
      const ok = written.find((e) => e.email === emails[example.who] && e.action && e.target && e.at >= before && e.at <= after && /127\.0\.0\.1/.test(e.ip ?? ''));
      if (!ok) missing.push(`${path}: ${written.length ? JSON.stringify(written) : 'no entry'}`);
    }
    expect(missing).toEqual([]);
  });
});
