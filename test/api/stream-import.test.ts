import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { apiClient, publishUpload, serverUrl, uploadFile, type ImportJob } from './client';
import { openDatabase, sql, type Db } from '../../server/store/db';
import { seededPoints, writePointsFile, type PointsFormat } from '../helpers/points-file';

const api = apiClient();
const COUNT = 200_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-stream-'));
let db: Db;
const published: string[] = [];

beforeAll(async () => {
  // a second connection to the server's database, to look at the rows themselves
  db = await openDatabase({ dataDir: inject('dataDir'), databaseUrl: inject('databaseUrl') || undefined });
});

afterAll(async () => {
  // the big public layers of this file would change what other files' tests count
  for (const id of published) await api.datasets.remove.mutate({ id }).catch(() => {});
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function upload(name: string, format: PointsFormat, edit?: (line: number, text: string) => string): Promise<string> {
  const file = path.join(dir, name);
  writePointsFile(file, format, COUNT, { edit });
  return uploadFile(name, fs.readFileSync(file));
}

type Request = Parameters<typeof api.imports.start.mutate>[0]['request'];

function publish(uploadId: string, request: Request, onStatus?: (job: ImportJob, jobId: string) => Promise<void>) {
  return publishUpload(api, uploadId, request, { pollMs: 20, onStatus });
}

const siteCount = async () => Number((await db.db.selectFrom('sites').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const datasetCount = async () => Number((await db.db.selectFrom('datasets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const point = (i: number) => [...seededPoints(i + 1)][i];
// every character COPY's formats treat specially, and some that take more than one byte
const TRICKY_NAME = 'Tab\there, line\nbreak, back\\slash, "quote", \u2603 \u{1F600}, NUL\u0000 end';
// the partition of its own a dataset written in bulk gets on PostgreSQL (migration 004), or null
const partitionOf = async (datasetId: string) => {
  if (db.dialect !== 'postgres') return null;
  const { rows } = await sql<{ name: string; exists: boolean }>`select sites_partition_name(${datasetId}) as name, to_regclass(sites_partition_name(${datasetId})) is not null as exists`.execute(db.db);
  return rows[0].exists ? rows[0].name : null;
};
let csvDatasetId = '';

describe('streaming a 200,000-point file into sites', () => {
  it('imports newline-delimited GeoJSON: every point with its country and sensitivity, bad lines named by number', async () => {
    const ndjson = await upload('stops.geojsonl', 'ndgeojson', (line, text) => {
      if (line === 3) return JSON.stringify({ type: 'Feature', properties: { name: 'Kathmandu bus park' }, geometry: { type: 'Point', coordinates: [85.3131, 27.7352] } });
      if (line === 4) return JSON.stringify({ type: 'Feature', properties: { name: TRICKY_NAME }, geometry: { type: 'Point', coordinates: [77.209, 28.6139] } });
      if (line === 1000) return JSON.stringify({ type: 'Feature', properties: { name: 'Nowhere' }, geometry: null });
      if (line === 2000) return JSON.stringify({ type: 'Feature', properties: { name: 'Projected' }, geometry: { type: 'Point', coordinates: [512000, 3100000] } });
      return text;
    });
    const inspection = await api.imports.inspect.query({ uploadId: ndjson });
    expect(inspection).toMatchObject({ format: 'ndgeojson', rowCount: COUNT, proposed: { kind: 'sites' } });
    expect(inspection.preview[0]).toEqual(['Stop 0', 'B0', 'transit.bus-station']);

    const job = await publish(ndjson, { kind: 'sites', name: 'Bus stops (generated)', category: 'transit.bus-station', sensitivity: 'public' });
    expect(job.phase).toBe('published');
    expect(job.report).toMatchObject({ format: 'ndgeojson', rowsRead: COUNT, toWrite: { sites: COUNT - 2 }, errorCount: 1 });
    expect(job.report!.issues.map((i) => [i.code, i.row])).toEqual([['empty-geometry', 1000], ['out-of-range', 2000]]);
    expect(job.report!.issues[1].message).toMatch(/^stops\.geojsonl line 2000: feature 1999 \("Projected"\) has coordinates \(512000, 3100000\) outside longitude\/latitude/);

    const id = job.datasetId!;
    published.push(id);
    const rows = db.db.selectFrom('sites').select(['name', 'category', 'lng', 'lat', 'props', 'area_code', 'sensitivity']).where('dataset_id', '=', id);
    expect(await rows.where('name', '=', 'Kathmandu bus park').executeTakeFirst()).toMatchObject({ lng: 85.3131, lat: 27.7352, area_code: 'NPL', sensitivity: 'public' });
    // PostgreSQL text holds no NUL: it is dropped from the name there (JSON escapes it in props)
    const tricky = await rows.where('name', '=', db.dialect === 'postgres' ? TRICKY_NAME.replace('\0', '') : TRICKY_NAME).executeTakeFirstOrThrow();
    expect(tricky).toMatchObject({ lng: 77.209, lat: 28.6139, area_code: 'IND' });
    expect(JSON.parse(tricky.props)).toEqual({ name: TRICKY_NAME });
    const p = point(123_456);
    const row = await rows.where('name', '=', p.name).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ category: 'transit.bus-station', lng: p.lng, lat: p.lat });
    expect(JSON.parse(row.props)).toEqual({ name: p.name, ref: p.ref, kind: p.kind });
    const count = await db.db.selectFrom('sites').select((eb) => eb.fn.countAll().as('n')).where('dataset_id', '=', id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(COUNT - 2);
    const entry = (await api.datasets.list.query()).find((d) => d.id === id)!;
    expect(entry).toMatchObject({ kind: 'sites', featureCount: COUNT - 2, fileName: 'stops.geojsonl', sensitivity: 'public' });
    if (db.dialect === 'postgres') {
      const partition = (await partitionOf(id))!;
      const { rows: counts } = await sql<{ n: string }>`select count(*) as n from ${sql.table(partition)}`.execute(db.db);
      expect(Number(counts[0].n)).toBe(COUNT - 2);
    }
  });

  it('imports CSV with the category from a column: restricted categories stay restricted, a bad cell is named by row and column', async () => {
    const id = await upload('stops.csv', 'csv', (line, text) => (line === 5002 ? text.replace(/,[-\d.]+,([-\d.]+)$/, ',n/a,$1') : text));
    const inspection = await api.imports.inspect.query({ uploadId: id });
    expect(inspection).toMatchObject({ format: 'csv', rowCount: COUNT, proposed: { kind: 'sites', coordinates: { latField: 'lat', lngField: 'lon' } } });

    const request = { kind: 'sites' as const, name: 'Stops and homes (generated)', categoryField: 'kind', sensitivity: 'public' as const };
    const dryRun = await api.imports.plan.mutate({ uploadId: id, request });
    const job = await publish(id, request);
    expect(job.phase).toBe('published');
    csvDatasetId = job.datasetId!;
    expect(job.report).toEqual(dryRun);
    expect(job.report).toMatchObject({ format: 'csv', rowsRead: COUNT, toWrite: { sites: COUNT - 1 }, errorCount: 1 });
    expect(job.report!.issues).toEqual([
      { severity: 'error', code: 'non-numeric', row: 5002, field: 'lat', message: 'stops.csv row 5002, column "lat": expected a latitude in decimal degrees, got "n/a"' },
    ]);
    const rows = db.db.selectFrom('sites').where('dataset_id', '=', job.datasetId!);
    const bySensitivity = await rows.select(['category', 'sensitivity']).select((eb) => eb.fn.countAll().as('n')).groupBy(['category', 'sensitivity']).orderBy('category').execute();
    expect(bySensitivity.map((r) => [r.category, r.sensitivity, Number(r.n)])).toEqual([
      ['child-welfare-institution', 'restricted', COUNT / 1000],
      ['transit.bus-station', 'public', COUNT - COUNT / 1000 - 1],
    ]);
    const p = point(199_999);
    const last = await rows.select(['name', 'lng', 'lat', 'props']).where('name', '=', p.name).executeTakeFirstOrThrow();
    expect(last).toMatchObject({ lng: p.lng, lat: p.lat });
    expect(JSON.parse(last.props)).toEqual({ name: p.name, ref: p.ref, kind: p.kind, note: `near the market, lane ${p.i % 97}` });
  });

  it('fails on a line that is not JSON and leaves nothing but the run record', async () => {
    const id = await upload('broken.geojsonl', 'ndgeojson', (line, text) => (line === 150_000 ? text.slice(0, 40) : text));
    const [sites, datasets] = [await siteCount(), await datasetCount()];
    const job = await publish(id, { kind: 'sites', name: 'Broken', category: 'transit.bus-station' });
    expect(job.phase).toBe('failed');
    expect(job.error!.message).toMatch(/^broken\.geojsonl line 150000 is not valid JSON/);
    expect(job.error!.issues[0]).toMatchObject({ code: 'invalid-json', row: 150_000 });
    expect([await siteCount(), await datasetCount()]).toEqual([sites, datasets]);
    expect((await api.imports.history.query())[0]).toMatchObject({ fileName: 'broken.geojsonl', status: 'failed', datasetId: null });
  });

  it('cancels mid-write and leaves no dataset and no sites rows', async () => {
    const id = await upload('stops.geojsonl', 'ndgeojson');
    const [sites, datasets] = [await siteCount(), await datasetCount()];
    let cancelledAt = -1;
    const job = await publish(id, { kind: 'sites', name: 'Cancelled', category: 'transit.bus-station' }, async (status, jobId) => {
      if (cancelledAt < 0 && status.phase === 'writing' && status.progress > 0.2) {
        cancelledAt = status.progress;
        expect((await api.imports.cancel.mutate({ jobId })).cancelled).toBe(true);
      }
    });
    expect(cancelledAt).toBeGreaterThan(0.2);
    expect(cancelledAt).toBeLessThan(1);
    expect(job.phase).toBe('cancelled');
    expect(job.datasetId).toBeNull();
    expect([await siteCount(), await datasetCount()]).toEqual([sites, datasets]);
    expect((await api.imports.history.query())[0]).toMatchObject({ fileName: 'stops.geojsonl', status: 'cancelled', datasetId: null });
  });

  it('keeps every site tied to a dataset that exists, and deleting a dataset deletes its sites', async () => {
    // foreign keys on SQLite; checks per statement on PostgreSQL, which COPY can afford (migration 003)
    const site = { org_id: 'default', sensitivity: 'public' as const, category: 'transit.bus-station', name: 'Orphan', lng: 0, lat: 0, props: '{}', area_code: null };
    await expect(db.db.insertInto('sites').values({ ...site, dataset_id: 'no-such-dataset' }).execute()).rejects.toThrow(/FOREIGN KEY constraint failed|refer to a dataset or an organisation that does not exist/);
    const dataset = {
      id: 'integrity-check', org_id: 'default', name: 'Integrity check', kind: 'sites', source: 'test', licence: 'none', data_date: null, imported_by: 'test',
      imported_at: new Date().toISOString(), sensitivity: 'public' as const, file_name: null, file_hash: null, feature_count: 2, hidden: 0, style: null,
    };
    await db.db.insertInto('datasets').values(dataset).execute();
    await db.db.insertInto('sites').values([{ ...site, dataset_id: dataset.id }, { ...site, dataset_id: dataset.id }]).execute();
    await expect(db.db.updateTable('sites').set({ dataset_id: 'no-such-dataset' }).where('dataset_id', '=', dataset.id).execute()).rejects.toThrow(/FOREIGN KEY constraint failed|does not exist/);
    await db.db.deleteFrom('datasets').where('id', '=', dataset.id).execute();
    expect(await db.db.selectFrom('sites').select('id').where('dataset_id', '=', dataset.id).execute()).toEqual([]);
  });

  it('keeps the sites of a streamed dataset tied to it, and deleting the dataset deletes them (on PostgreSQL, its partition whole)', async () => {
    const id = csvDatasetId;
    const [sites, datasets] = [await siteCount(), await datasetCount()];
    const first = db.db.selectFrom('sites').select('id').where('dataset_id', '=', id).orderBy('id').limit(1);
    await expect(db.db.updateTable('sites').set({ dataset_id: 'no-such-dataset' }).where('id', '=', first).execute()).rejects.toThrow(/FOREIGN KEY constraint failed|does not exist/);
    await expect(db.db.updateTable('sites').set({ org_id: 'no-such-organisation' }).where('id', '=', first).execute()).rejects.toThrow(/FOREIGN KEY constraint failed|check constraint/);
    expect(await siteCount()).toBe(sites);
    const partition = await partitionOf(id);
    if (db.dialect === 'postgres') expect(partition).toMatch(/^sites_[0-9a-f]{24}$/);
    await api.datasets.remove.mutate({ id });
    expect([await siteCount(), await datasetCount()]).toEqual([sites - (COUNT - 1), datasets - 1]);
    expect(await partitionOf(id)).toBeNull();
  });
});
