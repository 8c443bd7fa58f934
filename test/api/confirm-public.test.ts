import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileOf } from '../../server/tiles/web-mercator';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { fetchAs, signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, inviteMember, publishUpload, trpcFailure, uploadFile, type ImportRequestInput } from './client';

// Making a public view or a file of internal data: refused until the caller confirms, then audited.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample other organisation';
const api = (who: string) => apiClient(cookies[who], server.url);

/** Sample sites near Kathmandu (made-up points, not real places). */
function sampleSites(rows: [string, string][]): string {
  return `name,lat,lon,category\n${rows.map(([name, category], i) => `${name},${(27.6 + i * 0.01).toFixed(5)},${(85.2 + i * 0.01).toFixed(5)},${category}`).join('\n')}\n`;
}

async function importSites(name: string, csv: string, sensitivity: ImportRequestInput['sensitivity']) {
  const job = await publishUpload(api('editor'), await uploadFile(`${name}.csv`, csv, cookies.editor, server.url), { kind: 'sites', name, categoryField: 'category', sensitivity } as ImportRequestInput);
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  return job.datasetId!;
}

let internalId = '';
let publicId = '';

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  cookies.editor = await inviteMember(server.url, cookies.admin, 'editor');
  cookies.viewer = await inviteMember(server.url, cookies.admin, 'viewer');
  const org = await runAtlas(server, ['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await runAtlas(server, ['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.otherAdmin = await signIn(server.url, 'other.admin@test.local', 'other admin password');
  internalId = await importSites('Sample internal shelters', sampleSites([['Sample harbour 1', 'transit.harbour'], ['Sample harbour 2', 'transit.harbour'], ['Sample home 1', 'child-welfare-institution']]), 'internal');
  publicId = await importSites('Sample public harbours', sampleSites([['Sample harbour 3', 'transit.harbour']]), 'public');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

const exportsOf = async (target: string) => (await api('admin').audit.list.query({ action: 'dataset.export' })).filter((e) => e.target === target);

describe('a file of internal data', () => {
  it('is refused without confirm=1, with a message naming it, and nothing is audited', async () => {
    for (const format of ['csv', 'geojson']) {
      const res = await fetchAs(cookies.viewer, `${server.url}/api/datasets/${internalId}/export.${format}`);
      expect(res.status).toBe(428);
      expect((await res.json()).error).toBe(`confirm: 'Sample internal shelters' is internal data; a file of it leaves the atlas's protection. Add ?confirm=1 to the export URL to confirm (the export is audited).`);
      // a confirm flag of another value is no confirmation
      expect((await fetchAs(cookies.viewer, `${server.url}/api/datasets/${internalId}/export.${format}?confirm=yes`)).status).toBe(428);
    }
    expect(await exportsOf(internalId)).toEqual([]);
  });

  it('downloads once confirmed, and the log says who, what, when and from where', async () => {
    const before = new Date().toISOString();
    const res = await fetchAs(cookies.viewer, `${server.url}/api/datasets/${internalId}/export.csv?confirm=1`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).split('\r\n').filter(Boolean);
    // the viewer has no clearance for the child-welfare home: it is a cell with a protected count, without its name
    expect(lines[0]).toBe('name,category,longitude,latitude,sites,h3_cell');
    expect(lines.slice(1).map((l) => l.split(',')[0]).filter(Boolean)).toEqual(['Sample harbour 1', 'Sample harbour 2']);
    expect(lines.join('\n')).not.toContain('Sample home');
    const [entry] = await exportsOf(internalId);
    expect(entry).toMatchObject({ email: 'viewer@test.local', action: 'dataset.export', target: internalId, detail: { format: 'csv', sensitivity: 'internal', confirmed: true } });
    expect(entry.at >= before).toBe(true);
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
  });

  it('of public data needs no confirmation and writes no export entry', async () => {
    const res = await fetchAs(cookies.viewer, `${server.url}/api/datasets/${publicId}/export.csv`);
    expect(res.status).toBe(200);
    expect((await res.text()).split('\r\n')[1]).toMatch(/^Sample harbour 3,transit\.harbour,/);
    expect(await exportsOf(publicId)).toEqual([]);
  });
});

describe('a tile layer name', () => {
  it('resolves only for a viewer who may see the layer: another organisation gets 404 for its TileJSON and for a tile its owner has just loaded', async () => {
    const z = 12;
    // the first sample site (sampleSites above)
    const { x, y } = tileOf(85.2, 27.6, z);
    const name = `dataset:${internalId}`;
    const own = await fetchAs(cookies.viewer, `${server.url}/tiles/${name}/${z}/${x}/${y}.pbf`);
    expect(own.status).toBe(200);
    expect((await own.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await fetchAs(cookies.viewer, `${server.url}/tiles/${name}.json`)).status).toBe(200);
    // the same name, the same tile, now cached: another organisation's admin gets nothing of it
    for (const path of [`${name}/${z}/${x}/${y}.pbf`, `${name}.json`, `${name}~generalised/${z}/${x}/${y}.pbf`]) {
      const res = await fetchAs(cookies.otherAdmin, `${server.url}/tiles/${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.text()).not.toContain('Sample harbour');
    }
    // the generalised view is not a name anyone can ask for, the owner's viewer neither
    expect((await fetchAs(cookies.viewer, `${server.url}/tiles/${name}~generalised/${z}/${x}/${y}.pbf`)).status).toBe(404);
  });
});

describe('making internal data public', () => {
  it('is refused without confirmPublic, naming it, and changes nothing', async () => {
    const version = (await api('editor').datasets.list.query()).find((d) => d.id === internalId)!.version;
    const err = await trpcFailure(api('editor').datasets.update.mutate({ id: internalId, version, sensitivity: 'public' }));
    expect(err.data?.code).toBe('PRECONDITION_FAILED');
    expect(err.message).toBe(`confirmPublic: making 'Sample internal shelters' (internal) public shows it to every signed-in user of every organisation; send confirmPublic: true to confirm (it is audited).`);
    const after = (await api('editor').datasets.list.query()).find((d) => d.id === internalId)!;
    expect([after.sensitivity, after.version]).toEqual(['internal', version]);
    expect((await api('otherAdmin').datasets.list.query()).some((d) => d.id === internalId)).toBe(false);
    expect((await api('admin').audit.list.query({ action: 'dataset.make-public' })).length).toBe(0);
  });

  it('once confirmed, shows it to another organisation — its child-welfare home still restricted — and audits the change', async () => {
    const version = (await api('editor').datasets.list.query()).find((d) => d.id === internalId)!.version;
    await api('editor').datasets.update.mutate({ id: internalId, version, sensitivity: 'public', confirmPublic: true });
    const theirs = (await api('otherAdmin').datasets.list.query()).find((d) => d.id === internalId);
    expect(theirs?.sensitivity).toBe('public');
    const seen = await api('otherAdmin').datasets.features.query({ id: internalId });
    if (seen.kind !== 'sites') throw new Error(`expected sites, got ${seen.kind}`);
    // the two harbours by name; the home only as a generalised cell without a name
    expect(seen.names.filter(Boolean).sort()).toEqual(['Sample harbour 1', 'Sample harbour 2']);
    // public now: its file needs no confirmation
    expect((await fetchAs(cookies.otherAdmin, `${server.url}/api/datasets/${internalId}/export.csv`)).status).toBe(200);
    const [entry] = await api('admin').audit.list.query({ action: 'dataset.make-public' });
    expect(entry).toMatchObject({ email: 'editor@test.local', target: internalId, detail: { from: 'internal', to: 'public', confirmed: true } });
    expect(entry.ip).toMatch(/127\.0\.0\.1/);
    // back to internal needs no confirmation (it narrows who sees it), and is audited as a sensitivity change
    await api('editor').datasets.update.mutate({ id: internalId, version: version + 1, sensitivity: 'internal' });
    expect((await api('otherAdmin').datasets.list.query()).some((d) => d.id === internalId)).toBe(false);
    expect((await api('otherAdmin').datasets.features.query({ id: internalId }).catch((e) => e.message))).toBe(`No dataset '${internalId}'`);
    expect((await api('admin').audit.list.query({ action: 'dataset.sensitivity' }))[0]).toMatchObject({ target: internalId, detail: { from: 'public', to: 'internal' } });
  });

  it('refuses a viewer, and a built-in dataset', async () => {
    const d = (await api('admin').datasets.list.query()).find((x) => x.id === publicId)!;
    expect((await trpcFailure(api('viewer').datasets.update.mutate({ id: publicId, version: d.version, sensitivity: 'internal' }))).data?.code).toBe('FORBIDDEN');
    const builtIn = (await api('admin').datasets.list.query()).find((x) => x.builtIn)!;
    const err = await trpcFailure(api('admin').datasets.update.mutate({ id: builtIn.id, version: builtIn.version, sensitivity: 'internal' }));
    expect([err.data?.code, err.message]).toEqual(['BAD_REQUEST', `Dataset '${builtIn.id}' is built in: its sensitivity cannot be changed.`]);
  });
});
