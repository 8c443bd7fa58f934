import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/start-server';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { fetchAs, signIn, TEST_ADMIN } from '../helpers/auth';
import { apiClient, publishUpload, uploadFile } from './client';

// Two app processes on one database (PostgreSQL when DATABASE_URL is set; otherwise the same
// embedded database file, which WAL lets two processes share): what one writes the other serves.
let a: RunningServer;
let b: RunningServer;
let databaseUrl: string | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-two-'));

beforeAll(async () => {
  if (process.env.DATABASE_URL) databaseUrl = await createTempDatabase(process.env.DATABASE_URL);
  // one after the other: the first start loads the default data and creates the administrator
  a = await startServer({ dataDir: databaseUrl ? fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-a-')) : dataDir, databaseUrl });
  b = await startServer({ dataDir: databaseUrl ? fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-b-')) : dataDir, databaseUrl });
}, 300_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  if (databaseUrl) await dropTempDatabase(databaseUrl);
});

describe('two app servers on one database', () => {
  it('share sessions, the catalogue, tiles and factors, and a sign-out on one ends the session on both', async () => {
    const cookie = await signIn(a.url, TEST_ADMIN.email, TEST_ADMIN.password);
    expect((await fetchAs(cookie, `${b.url}/api/me`)).status).toBe(200);
    const apiA = apiClient(cookie, a.url);
    const apiB = apiClient(cookie, b.url);

    // a dataset published through A is listed, tiled and exported by B
    const csv = 'name,lat,lon\nSample depot A,27.70,85.30\nSample depot B,28.20,83.98\nSample depot C,25.60,85.10\n';
    const job = await publishUpload(apiA, await uploadFile('sample-depots.csv', csv, cookie, a.url), { kind: 'sites', name: 'Sample depots', category: 'transit.bus-station' });
    expect(job.phase).toBe('published');
    const id = job.datasetId!;
    const listed = (await apiB.datasets.list.query()).find((d) => d.id === id)!;
    expect(listed).toMatchObject({ name: 'Sample depots', featureCount: 3 });
    const tilejson = await fetchAs(cookie, `${b.url}/tiles/dataset:${id}.json`);
    expect(tilejson.status).toBe(200);
    expect((await (await fetchAs(cookie, `${b.url}/api/datasets/${id}/export.csv?confirm=1`)).text()).split('\r\n').filter(Boolean)).toHaveLength(4);

    // a rename through B is what A lists at once, and A's stale save is refused
    await apiB.datasets.update.mutate({ id, version: listed.version, name: 'Sample depots (renamed on B)' });
    expect((await apiA.datasets.list.query()).find((d) => d.id === id)!.name).toBe('Sample depots (renamed on B)');
    await expect(apiA.datasets.update.mutate({ id, version: listed.version, name: 'stale' })).rejects.toThrow(/changed by someone else/);

    // factors computed by one are read by the other
    await apiA.factors.compute.mutate({ boundarySetId: 'world-atlas-50m-admin0' });
    const onA = await apiA.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    const onB = await apiB.factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' });
    expect(onB!.values).toEqual(onA!.values);
    expect(onB!.values.find((v) => v.factor === 'sites-count' && v.category === 'transit.bus-station')?.value).toBe(2);

    // deleting through A: B's tiles and export stop within its revalidation time (10 s)
    await apiA.datasets.remove.mutate({ id });
    await expect.poll(async () => (await fetchAs(cookie, `${b.url}/tiles/dataset:${id}.json`)).status, { timeout: 15_000, interval: 500 }).toBe(404);
    expect((await fetchAs(cookie, `${b.url}/api/datasets/${id}/export.csv?confirm=1`)).status).toBe(404);

    // signing out on A ends the session on B too (B trusts a session it read for at most 3 s)
    expect((await fetchAs(cookie, `${a.url}/api/auth/sign-out`, { method: 'POST' })).status).toBe(204);
    await expect.poll(async () => (await fetchAs(cookie, `${b.url}/api/me`)).status, { timeout: 5_000, interval: 250 }).toBe(401);
  }, 240_000);
});
