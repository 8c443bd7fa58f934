import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, inviteMember, trpcFailure } from './client';

// Saved views of the map, per organisation, over real HTTP on this file's own server (SQLite, or
// PostgreSQL with DATABASE_URL). Every name and query here is a sample.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample other organisation';
const api = (who: string) => apiClient(cookies[who] ?? '', server.url);

const CHAD = 'v=23,13,5.5&l=countries,d:sample-rates-1&bk=50&i.sample-rates-1=Sample%20rate&p.sample-rates-1=2024';

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['viewer', 'analyst', 'editor'] as const) cookies[role] = await inviteMember(server.url, cookies.admin, role);
  const org = await runAtlas(server, ['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await runAtlas(server, ['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.otherAdmin = await signIn(server.url, 'other.admin@test.local', 'other admin password');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

describe('saved views', () => {
  it('saves a view for the organisation, lists it to its members by name, and keeps the query without its ?', async () => {
    const saved = await api('analyst').views.create.mutate({ name: '  Chad, sample rates  ', query: `?${CHAD}` });
    expect(saved).toMatchObject({ name: 'Chad, sample rates', query: CHAD, sensitivity: 'internal', createdBy: 'analyst@test.local' });
    await api('editor').views.create.mutate({ name: 'A first view', query: 'v=0,0,1&l=countries&bk=50' });
    for (const who of ['viewer', 'analyst', 'editor', 'admin']) {
      expect((await api(who).views.list.query()).map((v) => v.name), who).toEqual(['A first view', 'Chad, sample rates']);
    }
    expect(await api('viewer').views.get.query({ id: saved.id })).toEqual(saved);
  });

  it('shows nothing of it to another organisation, which cannot open, rename or delete it', async () => {
    const [view] = (await api('viewer').views.list.query()).filter((v) => v.name === 'Chad, sample rates');
    expect(await api('otherAdmin').views.list.query()).toEqual([]);
    for (const call of [
      api('otherAdmin').views.get.query({ id: view.id }),
      api('otherAdmin').views.rename.mutate({ id: view.id, name: 'Taken over' }),
      api('otherAdmin').views.remove.mutate({ id: view.id }),
    ]) {
      const err = await trpcFailure(call);
      expect([err.data?.code, err.message]).toEqual(['NOT_FOUND', `No saved view '${view.id}'`]);
    }
    // its own view of the same name is its own
    await api('otherAdmin').views.create.mutate({ name: 'Chad, sample rates', query: CHAD });
    expect((await api('otherAdmin').views.list.query()).map((v) => v.orgId)).not.toContain(view.orgId);
    expect((await api('viewer').views.list.query()).filter((v) => v.name === 'Chad, sample rates')).toHaveLength(1);
  });

  it('keeps restricted views to the cleared roles', async () => {
    const secret = await api('analyst').views.create.mutate({ name: 'Sample restricted view', query: 'v=1,1,4&l=countries', sensitivity: 'restricted' });
    expect((await api('viewer').views.list.query()).map((v) => v.id)).not.toContain(secret.id);
    expect((await api('editor').views.list.query()).map((v) => v.id)).toContain(secret.id);
    expect((await trpcFailure(api('viewer').views.get.query({ id: secret.id }))).data?.code).toBe('NOT_FOUND');
  });

  it('refuses a viewer, a name already used, an empty name and a query that is not a view, naming the field', async () => {
    const viewer = await trpcFailure(api('viewer').views.create.mutate({ name: 'Mine', query: CHAD }));
    expect([viewer.data?.code, viewer.message]).toEqual(['FORBIDDEN', 'This needs the analyst role in Default organisation; yours is viewer.']);
    const twice = await trpcFailure(api('editor').views.create.mutate({ name: 'A first view', query: CHAD }));
    expect([twice.data?.code, twice.message]).toEqual(['CONFLICT', "A view named 'A first view' is already saved for your organisation; choose another name."]);
    const empty = await trpcFailure(api('editor').views.create.mutate({ name: '   ', query: CHAD }));
    expect(empty.data?.code).toBe('BAD_REQUEST');
    expect(empty.data?.zodError?.fieldErrors).toEqual({ name: ['name: give the view a name'] });
    const token = await trpcFailure(api('editor').views.create.mutate({ name: 'Bad', query: `${CHAD}&token=abc` }));
    expect([token.data?.code, token.message]).toEqual(['BAD_REQUEST', "query: unknown parameter 'token'; expected v, l, bk, a, as, lang or i./p./fx./b./c.<dataset>"]);
    const noCamera = await trpcFailure(api('editor').views.create.mutate({ name: 'Bad', query: 'l=countries' }));
    expect(noCamera.message).toBe('query: no v= (the map centre and zoom); a view needs one');
    expect((await api('viewer').views.list.query()).map((v) => v.name)).not.toContain('Bad');
  });

  it('renames and deletes (analysts of the organisation), refusing a taken name, and audits each write', async () => {
    const list = await api('analyst').views.list.query();
    const first = list.find((v) => v.name === 'A first view')!;
    const chad = list.find((v) => v.name === 'Chad, sample rates')!;
    expect((await trpcFailure(api('analyst').views.rename.mutate({ id: first.id, name: 'Chad, sample rates' }))).data?.code).toBe('CONFLICT');
    expect((await trpcFailure(api('viewer').views.remove.mutate({ id: first.id }))).data?.code).toBe('FORBIDDEN');
    const renamed = await api('analyst').views.rename.mutate({ id: first.id, name: 'The world' });
    expect(renamed).toMatchObject({ id: first.id, name: 'The world', query: first.query, updatedBy: 'analyst@test.local' });
    expect(await api('analyst').views.remove.mutate({ id: chad.id })).toEqual({ id: chad.id });
    expect((await api('viewer').views.list.query()).map((v) => v.name)).toEqual(['The world']);
    expect((await trpcFailure(api('analyst').views.remove.mutate({ id: chad.id }))).data?.code).toBe('NOT_FOUND');

    const events = (await api('admin').audit.list.query({ limit: 1000 })).filter((e) => e.action.startsWith('view.'));
    const mine = events.filter((e) => e.target === first.id || e.target === chad.id).map((e) => [e.action, e.email, e.detail]);
    expect(mine).toEqual(expect.arrayContaining([
      ['view.create', 'analyst@test.local', { name: 'Chad, sample rates', sensitivity: 'internal' }],
      ['view.create', 'editor@test.local', { name: 'A first view', sensitivity: 'internal' }],
      ['view.rename', 'analyst@test.local', { from: 'A first view', to: 'The world' }],
      ['view.remove', 'analyst@test.local', { name: 'Chad, sample rates' }],
    ]));
    expect(mine).toHaveLength(4);
  });
});
