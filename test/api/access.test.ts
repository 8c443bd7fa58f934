import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { appRouter } from '../../server/routers/_app';
import { ROUTES } from '../../server/http';
import { roleAtLeast, ROLES, type Role } from '../../server/store/access';
import type { ProcedureMeta } from '../../server/trpc';
import { tileOf } from '../../server/tiles/web-mercator';
import { runAtlas } from '../helpers/atlas-cli';
import { startServer, type RunningServer } from '../helpers/start-server';
import { fetchAs, signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from './client';

// A server of this file's own: its users, organisations and datasets are only this file's.
let server: RunningServer;
const cookies: Record<string, string> = {};
const OTHER_ORG = 'Sample other organisation';

const atlas = (args: string[], stdin = '') => runAtlas(server, args, stdin);

const api = (who: string) => apiClient(cookies[who] ?? '', server.url);

/** Invites a member with a role, signs them in with the one-time password and sets their own. */
async function member(role: Role): Promise<string> {
  const email = `${role}@test.local`;
  const invited = await api('admin').users.invite.mutate({ email, role });
  const cookie = await signIn(server.url, email, invited.oneTimePassword!);
  // until the one-time password is changed, only the account procedures answer
  await expect(apiClient(cookie, server.url).datasets.list.query()).rejects.toThrow(/Choose a new password/);
  await apiClient(cookie, server.url).account.changePassword.mutate({ current: invited.oneTimePassword!, next: `password of the ${role}` });
  return cookie;
}

beforeAll(async () => {
  server = await startServer();
  cookies.admin = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
  for (const role of ['viewer', 'analyst', 'editor'] as const) cookies[role] = await member(role);
  // another organisation and its admin, made with the CLI as the first admin
  const org = await atlas(['orgs', 'add', OTHER_ORG, '--as', TEST_ADMIN.email]);
  expect(org.code, org.stderr).toBe(0);
  const added = await atlas(['users', 'add', 'other.admin@test.local', '--org', OTHER_ORG, '--role', 'admin', '--as', TEST_ADMIN.email], 'other admin password\n');
  expect(added.code, added.stderr).toBe(0);
  cookies.otherAdmin = await signIn(server.url, 'other.admin@test.local', 'other admin password');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

/** Every procedure of the router with the rule it declares. */
function procedures(): { path: string; type: string; access: ProcedureMeta['access'] | undefined }[] {
  const all = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string; meta?: ProcedureMeta } }> } })._def.procedures;
  return Object.entries(all).map(([path, p]) => ({ path, type: p._def.type, access: p._def.meta?.access }));
}

async function callRaw(cookie: string, path: string, type: string): Promise<number> {
  // an input no procedure accepts: an allowed caller stops at validation (400), nothing runs
  const input = encodeURIComponent(JSON.stringify('matrix'));
  const headers = cookie ? { cookie } : undefined;
  const res =
    type === 'query'
      ? await fetch(`${server.url}/trpc/${path}?input=${input}`, { headers })
      : await fetch(`${server.url}/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify('matrix') });
  await res.arrayBuffer();
  return res.status;
}

describe('the authorisation matrix', () => {
  const callers: { name: string; role: Role | null }[] = [
    { name: 'anonymous', role: null },
    ...ROLES.map((role) => ({ name: role, role })),
    { name: 'otherAdmin', role: 'admin' },
  ];

  it('has a rule on every procedure', () => {
    const list = procedures();
    expect(list.length).toBeGreaterThan(25);
    expect(list.filter((p) => p.access === undefined).map((p) => p.path)).toEqual([]);
  });

  it('lets each caller call exactly the procedures their role allows', async () => {
    const mismatches: string[] = [];
    for (const p of procedures()) {
      for (const c of callers) {
        const status = await callRaw(c.role ? cookies[c.name] : '', p.path, p.type);
        const allowed = c.role !== null && (p.access === 'signed-in' || roleAtLeast(c.role, p.access as Role));
        const expected = c.role === null ? [401] : allowed ? [200, 400, 404] : [403];
        if (!expected.includes(status)) mismatches.push(`${p.path} as ${c.name}: ${status}, expected ${expected.join('/')}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('applies each route’s rule, for every route of the table', async () => {
    const mismatches: string[] = [];
    for (const r of ROUTES) {
      for (const c of callers) {
        // sign-out ends the session it is called with: it is called anonymously only
        if (r.name === 'sign-out' && c.role) continue;
        const method = r.methods[0];
        const res = await fetch(`${server.url}${r.example}`, { method, headers: c.role ? { cookie: cookies[c.name] } : undefined, body: method === 'POST' ? '' : undefined });
        await res.arrayBuffer();
        const allowed = r.access === 'anyone' || (c.role !== null && (r.access === 'signed-in' || roleAtLeast(c.role, r.access)));
        const denied = c.role === null ? 401 : 403;
        if (allowed ? res.status === 401 || res.status === 403 : res.status !== denied) mismatches.push(`${method} ${r.example} as ${c.name}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('bad requests get a clear 4xx and change nothing', () => {
  it('refuses a wrong password, the same way for an unknown e-mail, and locks after five failures', async () => {
    const attempt = (email: string, password: string) => fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const wrong = await attempt('viewer@test.local', 'wrong password');
    expect([wrong.status, (await wrong.json()).error]).toEqual([401, 'The e-mail or the password is wrong.']);
    const unknown = await attempt('nobody@test.local', 'wrong password');
    expect([unknown.status, (await unknown.json()).error]).toEqual([401, 'The e-mail or the password is wrong.']);
    for (let i = 0; i < 5; i++) await (await attempt('editor@test.local', 'wrong password')).arrayBuffer();
    const locked = await attempt('editor@test.local', 'password of the editor');
    expect(locked.status).toBe(423);
    expect((await locked.json()).error).toMatch(/^This account is locked after 5 failed sign-ins/);
    // the editor's open session still works; an admin's reset unlocks the account
    const { oneTimePassword } = await api('admin').users.resetPassword.mutate({ userId: (await api('admin').users.members.query()).find((m) => m.email === 'editor@test.local')!.id });
    expect((await attempt('editor@test.local', oneTimePassword)).status).toBe(204);
    cookies.editor = await signIn(server.url, 'editor@test.local', oneTimePassword);
    await apiClient(cookies.editor, server.url).account.changePassword.mutate({ current: oneTimePassword, next: 'password of the editor' });
    const events = (await api('admin').audit.list.query({ action: 'auth.sign-in-failed' })).filter((e) => e.email === 'editor@test.local');
    // five wrong passwords and the right one while locked
    expect(events.map((e) => e.detail!.status)).toEqual([423, 401, 401, 401, 401, 401]);
    expect((await api('admin').audit.list.query({ action: 'auth.sign-in-failed' })).some((e) => e.email === 'nobody@test.local')).toBe(true);
  });

  it('answers a forged or ended session with 401', async () => {
    expect((await fetchAs('atlas_session=forged-token', `${server.url}/api/me`)).status).toBe(401);
    const cookie = await signIn(server.url, 'viewer@test.local', 'password of the viewer');
    expect((await fetchAs(cookie, `${server.url}/api/me`)).status).toBe(200);
    expect((await fetchAs(cookie, `${server.url}/api/auth/sign-out`, { method: 'POST' })).status).toBe(204);
    const after = await fetchAs(cookie, `${server.url}/api/me`);
    expect([after.status, (await after.json()).error]).toEqual([401, 'Your session has ended; sign in again.']);
  });

  it('refuses a cross-site POST that carries the cookie', async () => {
    const before = (await api('admin').datasets.list.query()).length;
    const forms = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { origin: 'https://evil.example' },
    ];
    for (const headers of forms) {
      const res = await fetchAs(cookies.admin, `${server.url}/trpc/datasets.remove`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' } as Record<string, string>, body: JSON.stringify({ id: 'default-airports' }) });
      expect([res.status, (await res.json()).error]).toEqual([403, 'A request from another site cannot change anything here (cross-site request refused).']);
    }
    expect((await api('admin').datasets.list.query()).length).toBe(before);
  });

  it('refuses a body over the limit with 413, and a % escape that does not decode with 400', async () => {
    const big = await fetchAs(cookies.admin, `${server.url}/trpc/datasets.update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x', name: 'y'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatch(/larger than this route accepts \(1024 KB\)/);
    const bad = await fetch(`${server.url}/%E0%A4%A`);
    expect([bad.status, (await bad.json()).error]).toEqual([400, 'The path "/%E0%A4%A" has a % escape that does not decode']);
    const outside = await fetch(`${server.url}/..%2f..%2fpackage.json`);
    expect(outside.status).toBe(400);
  });

  it('answers 413 to every oversized body while the client is still sending it, declared or chunked, instead of resetting the connection', async () => {
    const statuses: (number | string)[] = [];
    for (let mb = 2; mb <= 9; mb++) {
      const body = JSON.stringify({ id: 'x', name: 'y'.repeat(mb * 1024 * 1024) });
      const res = await fetchAs(cookies.admin, `${server.url}/trpc/datasets.update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).catch((err) => err.cause?.code ?? String(err));
      statuses.push(typeof res === 'string' ? res : res.status);
      if (typeof res !== 'string') await res.text();
    }
    // without a Content-Length: the limit is found while reading
    const chunk = new TextEncoder().encode('y'.repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 16) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetchAs(cookies.admin, `${server.url}/trpc/datasets.update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit).catch((err) => err.cause?.code ?? String(err));
    statuses.push(typeof chunked === 'string' ? chunked : chunked.status);
    expect(statuses).toEqual(Array(9).fill(413));
  });

  it('sends the security headers and no stack trace', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const missing = await fetchAs(cookies.admin, `${server.url}/trpc/datasets.features?input=${encodeURIComponent(JSON.stringify({ id: 'nope' }))}`);
    const body = await missing.text();
    expect(body).not.toMatch(/at .*\.ts:\d+|node_modules|\/work\//);
  });
});

/** Sample sites in Nepal near Kathmandu (made-up points, not real places). */
function sampleSites(n: number, category: string, seed = 1): string {
  let s = seed;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const rows = Array.from({ length: n }, (_, i) => `Sample ${category} ${i + 1},${(27.6 + rand() * 0.2).toFixed(5)},${(85.2 + rand() * 0.2).toFixed(5)},${category}`);
  return `name,lat,lon,category\n${rows.join('\n')}\n`;
}

async function importSites(who: string, name: string, csv: string, request: Partial<ImportRequestInput> = {}) {
  const job = await publishUpload(api(who), await uploadFile(`${name}.csv`, csv, cookies[who], server.url), { kind: 'sites', name, categoryField: 'category', ...request } as ImportRequestInput);
  if (job.phase !== 'published') console.log(server.output().slice(-2500));
  expect(job.phase, JSON.stringify(job.error)).toBe('published');
  return job.datasetId!;
}

describe('one rule of who sees what', () => {
  let internalId = '';
  let restrictedId = '';

  beforeAll(async () => {
    internalId = await importSites('editor', 'Sample internal harbours', sampleSites(4, 'transit.harbour'), { sensitivity: 'internal' });
    restrictedId = await importSites('editor', 'Sample restricted camps', sampleSites(3, 'camp.humanitarian'), { sensitivity: 'restricted' });
  }, 120_000);

  it('shows internal data to members only, and restricted data to the roles it names', async () => {
    const ids = async (who: string) => new Set((await api(who).datasets.list.query()).map((d) => d.id));
    for (const who of ['viewer', 'analyst', 'editor', 'admin']) expect((await ids(who)).has(internalId), who).toBe(true);
    expect((await ids('otherAdmin')).has(internalId)).toBe(false);
    expect((await ids('viewer')).has(restrictedId)).toBe(false);
    expect((await ids('analyst')).has(restrictedId)).toBe(true);
    expect((await ids('otherAdmin')).has(restrictedId)).toBe(false);
    // the same through every door: features, export, tiles
    await expect(api('otherAdmin').datasets.features.query({ id: internalId })).rejects.toThrow(`No dataset '${internalId}'`);
    expect((await fetchAs(cookies.otherAdmin, `${server.url}/api/datasets/${internalId}/export.csv`)).status).toBe(404);
    expect((await fetchAs(cookies.otherAdmin, `${server.url}/tiles/dataset:${internalId}.json`)).status).toBe(404);
    expect((await fetchAs(cookies.viewer, `${server.url}/api/datasets/${restrictedId}/export.csv`)).status).toBe(404);
    expect((await fetchAs('', `${server.url}/api/datasets/${restrictedId}/export.csv`)).status).toBe(401);
  });

  it('lets only the owning organisation’s editors change a dataset, and audits every write', async () => {
    await expect(api('viewer').datasets.update.mutate({ id: internalId, version: 1, name: 'x' })).rejects.toThrow(/needs the editor role/);
    await expect(api('otherAdmin').datasets.remove.mutate({ id: internalId })).rejects.toThrow(`No dataset '${internalId}'`);
    await expect(api('otherAdmin').datasets.update.mutate({ id: 'default-airports', version: 1, name: 'x' })).rejects.toThrow(/belongs to another organisation/);
    const v1 = (await api('editor').datasets.list.query()).find((d) => d.id === internalId)!.version;
    expect(await api('editor').datasets.update.mutate({ id: internalId, version: v1, name: 'Sample internal harbours (renamed)' })).toEqual({ id: internalId, version: v1 + 1 });
    // a second editor who opened the dataset before that save: refused, with the current state, nothing written
    const stale = await api('admin').datasets.update.mutate({ id: internalId, version: v1, name: 'Someone else’s name' }).catch((e) => e);
    expect(stale.data).toMatchObject({ code: 'CONFLICT', conflict: { version: v1 + 1, name: 'Sample internal harbours (renamed)' } });
    expect(stale.message).toMatch(/was changed by someone else since you opened it/);
    expect((await api('admin').datasets.list.query()).find((d) => d.id === internalId)!.name).toBe('Sample internal harbours (renamed)');
    const events = await api('admin').audit.list.query({ action: 'dataset.update' });
    expect(events[0]).toMatchObject({ email: 'editor@test.local', action: 'dataset.update', target: internalId, detail: { name: 'Sample internal harbours (renamed)' } });
    expect(events[0].ip).toMatch(/127\.0\.0\.1/);
    // the other organisation's log does not show it
    expect((await api('otherAdmin').audit.list.query({ action: 'dataset.update' })).length).toBe(0);
  });

  it('keeps an upload to its organisation: another organisation cannot preview or import it', async () => {
    const uploadId = await uploadFile('sample-upload.csv', sampleSites(2, 'transit.harbour'), cookies.editor, server.url);
    await expect(api('editor').imports.inspect.query({ uploadId })).resolves.toMatchObject({ upload: { id: uploadId } });
    await expect(api('otherAdmin').imports.inspect.query({ uploadId })).rejects.toThrow(`No upload '${uploadId}'`);
    await expect(api('otherAdmin').imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'x', categoryField: 'category' } })).rejects.toThrow(`No upload '${uploadId}'`);
  });

  it('audits a read of restricted data', async () => {
    const res = await fetchAs(cookies.analyst, `${server.url}/api/datasets/${restrictedId}/export.csv?confirm=1`);
    expect(res.status).toBe(200);
    expect((await res.text()).split('\r\n')[1]).toMatch(/^Sample camp.humanitarian 1,camp.humanitarian,85\.\d+,27\.\d+$/);
    const events = await api('admin').audit.list.query({ action: 'read.restricted' });
    expect(events.find((e) => e.target === restrictedId && e.email === 'analyst@test.local')).toMatchObject({ detail: { via: 'export.csv' } });
  });

  it('keeps derived data with its owner: another organisation’s factors never count these sites', async () => {
    const set = 'world-atlas-50m-admin0';
    await api('analyst').factors.compute.mutate({ boundarySetId: set });
    const own = await api('analyst').factors.get.query({ boundarySetId: set, code: 'NPL' });
    expect(own!.values.find((v) => v.factor === 'sites-count' && v.category === 'transit.harbour')?.value).toBe(4);
    expect(await api('otherAdmin').factors.get.query({ boundarySetId: set, code: 'NPL' })).toBeNull();
    await api('otherAdmin').factors.compute.mutate({ boundarySetId: set });
    const other = await api('otherAdmin').factors.get.query({ boundarySetId: set, code: 'NPL' });
    expect(other!.values.find((v) => v.factor === 'sites-count' && v.category === 'transit.harbour')).toBeUndefined();
    // the first organisation's factors are still its own
    expect((await api('analyst').factors.get.query({ boundarySetId: set, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-count' && v.category === 'transit.harbour')?.value).toBe(4);
  });

  it('protects the small counts of stored factors through the dataset doors too: features and the CSV export, as factors.get does', async () => {
    const set = 'world-atlas-50m-admin0';
    await api('analyst').factors.compute.mutate({ boundarySetId: set });
    // the factors dataset is in the catalogue of every member, with an export link
    const factorsId = (await api('viewer').datasets.list.query()).find((d) => d.kind === 'factors' && d.name === `Factors of ${set}`)!.id;
    const harbours = <R extends { indicator: string; areaCode: string }>(rows: R[], indicator: string) => rows.find((r) => r.indicator === indicator && r.areaCode === 'NPL');
    const rowsOf = async (who: string) => {
      const features = await api(who).datasets.features.query({ id: factorsId });
      if (features.kind !== 'factors') throw new Error(`expected factors, got ${features.kind}`);
      return features.rows;
    };
    // 4 internal harbours in Nepal: under k = 10 for a viewer, exact for an analyst (cleared)
    const seen = await rowsOf('viewer');
    expect(harbours(seen, 'sites-count:transit.harbour')).toMatchObject({ value: null, below: 10 });
    expect(harbours(seen, 'sites-per-100k:transit.harbour')).toMatchObject({ value: null, below: 10 });
    const exact = await rowsOf('analyst');
    expect(harbours(exact, 'sites-count:transit.harbour')).toMatchObject({ value: 4 });
    expect(harbours(exact, 'sites-count:transit.harbour')!.below).toBeUndefined();
    // the same numbers in the download
    const csvLine = async (cookie: string) => {
      const res = await fetchAs(cookie, `${server.url}/api/datasets/${encodeURIComponent(factorsId)}/export.csv?confirm=1`);
      expect(res.status).toBe(200);
      const lines = (await res.text()).split('\r\n');
      expect(lines[0]).toBe('indicator,boundary_set,area_code,period,value,protection');
      return lines.find((l) => l.startsWith(`sites-count:transit.harbour,${set},NPL,`));
    };
    expect(await csvLine(cookies.viewer)).toMatch(/,<10,fewer than 10$/);
    expect(await csvLine(cookies.analyst)).toMatch(/,4,$/);
  });
});

describe('safeguarding', () => {
  it('shows child-welfare sites to a viewer without clearance only as H3 cells with protected counts, in the API, the export and the tiles', async () => {
    // 12 sites in one small area: at resolution 5 they share one or two cells
    const csv = sampleSites(12, 'child-welfare-institution', 7);
    const id = await importSites('editor', 'Sample child-welfare-institution institutions', csv, { sensitivity: 'internal' });
    const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
    const cells = new Map<string, number>();
    for (const r of rows) {
      const cell = latLngToCell(Number(r[1]), Number(r[2]), 5);
      cells.set(cell, (cells.get(cell) ?? 0) + 1);
    }
    const protectedCount = (n: number) => (n < 10 ? { value: 0, below: 10 } : { value: Math.floor(n / 10) * 10, below: 0 });

    const full = await api('analyst').datasets.features.query({ id });
    if (full.kind !== 'sites') throw new Error('expected sites');
    expect(full.names).toHaveLength(12);
    expect(full.generalised).toBeUndefined();

    const seen = await api('viewer').datasets.features.query({ id });
    if (seen.kind !== 'sites') throw new Error('expected sites');
    expect(seen.generalised).toEqual({ resolution: 5, k: 10, cells: cells.size });
    expect(seen.names).toEqual([...cells.keys()].map(() => ''));
    const byCell = new Map(seen.cells!.map((c, i) => [c, i]));
    for (const [cell, n] of cells) {
      const i = byCell.get(cell)!;
      const [lat, lng] = cellToLatLng(cell);
      expect([seen.coordinates[2 * i], seen.coordinates[2 * i + 1]]).toEqual([lng, lat]);
      expect({ value: seen.counts![i], below: seen.below![i] }).toEqual(protectedCount(n));
    }
    // no original coordinate reaches the viewer
    const original = new Set(rows.map((r) => `${Number(r[2])},${Number(r[1])}`));
    for (let i = 0; i < seen.names.length; i++) expect(original.has(`${seen.coordinates[2 * i]},${seen.coordinates[2 * i + 1]}`)).toBe(false);

    const csvOut = await (await fetchAs(cookies.viewer, `${server.url}/api/datasets/${id}/export.csv?confirm=1`)).text();
    expect(csvOut.split('\r\n')[0]).toBe('name,category,longitude,latitude,sites,h3_cell');
    expect(csvOut).not.toContain('Sample child-welfare-institution');
    const geo = await (await fetchAs(cookies.viewer, `${server.url}/api/datasets/${id}/export.geojson?confirm=1`)).json();
    expect(geo.features.map((f: { properties: { h3Cell: string } }) => f.properties.h3Cell).sort()).toEqual([...cells.keys()].sort());

    // the tiles: one feature per cell at its centre, with the protected count; the analyst gets the sites
    const z = 12;
    const tile = async (cookie: string, [lng, lat]: number[]) => {
      const t = tileOf(lng, lat, z);
      const res = await fetchAs(cookie, `${server.url}/tiles/dataset:${id}/${z}/${t.x}/${t.y}.pbf`);
      expect(res.status).toBe(200);
      const layer = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))).layers[`dataset:${id}`];
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
    };
    const viewerTile = await tile(cookies.viewer, seen.coordinates.slice(0, 2));
    expect(viewerTile.length).toBeGreaterThan(0);
    expect(viewerTile.every((p) => !p.name && typeof p.sites === 'number'), JSON.stringify(viewerTile)).toBe(true);
    const analystTile = await tile(cookies.analyst, [Number(rows[0][2]), Number(rows[0][1])]);
    expect(analystTile.some((p) => String(p.name).startsWith('Sample child-welfare-institution')), JSON.stringify(analystTile)).toBe(true);
  });

  it('does not let a differencing attack recover a small count: two views that differ by 3 sites show the same count', async () => {
    const set = 'world-atlas-50m-admin0';
    const count = async () => (await api('viewer').factors.get.query({ boundarySetId: set, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-count' && v.category === 'tourism.accommodation');
    await importSites('editor', 'Sample guesthouses A', sampleSites(25, 'tourism.accommodation', 11));
    await api('analyst').factors.compute.mutate({ boundarySetId: set });
    const before = await count();
    // 25 sites: shown rounded down to 20 (20–29) to a viewer, exactly to an analyst
    expect(before).toMatchObject({ value: 20, roundedTo: 10 });
    await importSites('editor', 'Sample guesthouses B', sampleSites(3, 'tourism.accommodation', 12));
    await api('analyst').factors.compute.mutate({ boundarySetId: set });
    const after = await count();
    expect(after).toMatchObject({ value: 20, roundedTo: 10 });
    // the difference of the two views is 0, not the 3 sites added; the analyst sees 28
    const exact = (await api('analyst').factors.get.query({ boundarySetId: set, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-count' && v.category === 'tourism.accommodation');
    expect(exact).toMatchObject({ value: 28 });
    expect(exact!.roundedTo).toBeUndefined();
    // a rate from the rounded count, not the exact one
    const rate = (await api('viewer').factors.get.query({ boundarySetId: set, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-per-100k' && v.category === 'tourism.accommodation')!;
    const exactRate = (await api('analyst').factors.get.query({ boundarySetId: set, code: 'NPL' }))!.values.find((v) => v.factor === 'sites-per-100k' && v.category === 'tourism.accommodation')!;
    expect(rate.value).toBeCloseTo((exactRate.value! * 20) / 28, 10);
  });

  it('makes every tile aggregate of a generalised layer a sum of the cells it shows', async () => {
    const list = await api('viewer').datasets.list.query();
    const id = list.find((d) => d.name === 'Sample child-welfare-institution institutions')!.id;
    const sum = async (z: number, x: number, y: number) => {
      const res = await fetchAs(cookies.viewer, `${server.url}/tiles/dataset:${id}/${z}/${x}/${y}.pbf`);
      if (res.status === 204) return 0;
      const layer = new VectorTile(new PbfReader(Buffer.from(await res.arrayBuffer()))).layers[`dataset:${id}`];
      let total = 0;
      for (let i = 0; i < layer.length; i++) total += Number(layer.feature(i).properties.sites);
      return total;
    };
    const t = tileOf(85.3, 27.7, 4);
    const parent = await sum(4, t.x, t.y);
    let children = 0;
    for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) children += await sum(5, 2 * t.x + dx, 2 * t.y + dy);
    // parent − other children gives back only what the cells publish, never a count under k
    expect(parent).toBe(children);
    expect(parent % 10).toBe(0);
  });
});

describe('the command line acts as --as, with that user’s rights', () => {
  it('refuses what the user’s role does not allow, and shows only their own organisations', async () => {
    const orgAdd = await atlas(['orgs', 'add', 'Sample refused organisation', '--as', 'editor@test.local']);
    expect(orgAdd.code).not.toBe(0);
    expect(orgAdd.stderr).toMatch(/Adding an organisation needs the admin role in the default organisation; editor@test\.local has editor/);
    const userAdd = await atlas(['users', 'add', 'sample.refused@test.local', '--org', 'Default organisation', '--role', 'admin', '--as', 'editor@test.local'], 'a long password\n');
    expect(userAdd.code).toBe(2);
    expect(userAdd.stderr).toMatch(/editor@test\.local is editor .* this needs admin/);
    // nothing was written: the organisation and the user do not exist
    const orgs = await atlas(['orgs', 'list', '--as', TEST_ADMIN.email]);
    expect(orgs.stdout).toContain(OTHER_ORG);
    expect(orgs.stdout).not.toContain('Sample refused organisation');
    expect((await api('admin').users.members.query()).map((m) => m.email)).not.toContain('sample.refused@test.local');
    // another organisation's admin sees their own organisation only
    const theirs = await atlas(['orgs', 'list', '--as', 'other.admin@test.local']);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(theirs.stdout.trim().split('\n').map((l) => l.split('\t')[1])).toEqual([OTHER_ORG]);
    // each user's catalogue is the one the web app gives them
    for (const who of ['viewer', 'analyst']) {
      const listed = await atlas(['datasets', '--json', '--as', `${who}@test.local`]);
      expect(listed.code, listed.stderr).toBe(0);
      expect((JSON.parse(listed.stdout) as { id: string }[]).map((d) => d.id), who).toEqual((await api(who).datasets.list.query()).map((d) => d.id));
    }
  });
});

describe('hosts', () => {
  /** A GET with a Host header of our choosing (fetch does not let one set it). */
  const getWithHost = (path: string, host: string, extra: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${server.url}${path}`);
      http
        .get({ hostname: url.hostname, port: url.port, path, headers: { host, cookie: cookies.admin, ...extra } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        })
        .on('error', reject);
    });

  it('answers only the names it is reached by, so a DNS-rebinding page gets nothing', async () => {
    const port = new URL(server.url).port;
    expect((await getWithHost('/health', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await getWithHost('/health', `localhost:${port}`)).status).toBe(200);
    const rebound = await getWithHost('/api/me', `evil.example:${port}`);
    expect([rebound.status, JSON.parse(rebound.body).error]).toEqual([421, "This server does not answer to the host 'evil.example' (ALLOWED_HOSTS)."]);
    // TileJSON's URLs never name a host the server does not answer to
    const tilejson = JSON.parse((await getWithHost('/tiles/airports.json', `127.0.0.1:${port}`, { 'x-forwarded-host': 'evil.example' })).body);
    expect(tilejson.tiles[0]).toBe(`http://127.0.0.1:${port}/tiles/airports/{z}/{x}/{y}.pbf`);
  });
});
