import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/start-server';
import { adminViewer } from '../helpers/auth';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { openDatabase, migrate, type Db } from '../../server/store/db';
import { loadDefaultData, COUNTRIES_SET_ID } from '../../server/store/default-data';
import { createServices, type Services } from '../../server/context';
import { registerFile } from '../../server/imports/uploads';
import { loadCountryIndex } from '../../server/store/country-index';
import { seededPoints, writePointsFile } from '../helpers/points-file';
import { itWithSharedData, sharedDataPath } from '../helpers/shared-data';
import { getSource } from '../../server/imports/sources';
import { importRequestSchema } from '../../server/imports/import-request';
import { download, DownloadError } from '../../server/imports/download';
import { readCsv } from '../../server/importers/read-table';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-cli-'));
let databaseUrl: string | undefined;

// What `npm run atlas` runs (package.json): the CLI from its bundle, built when stale.
function atlas(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['scripts/atlas.mjs', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

let db: Db;
let services: Services;
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const uploads = () => fs.readdirSync(path.join(dataDir, 'uploads'));

beforeAll(async () => {
  if (process.env.DATABASE_URL) databaseUrl = await createTempDatabase(process.env.DATABASE_URL);
  db = await openDatabase({ dataDir, databaseUrl });
  await migrate(db);
  await loadDefaultData(db);
  services = createServices(db, { dataDir });
});

afterAll(async () => {
  await db?.close();
  if (databaseUrl) await dropTempDatabase(databaseUrl);
});

describe('npm run atlas -- import', () => {
  const nfhs = sharedDataPath('child-marriage/india-nfhs5-districts-phase1.csv');
  const bihar = sharedDataPath('boundaries/india-bihar-districts-2011.geojson');
  let setId = '';

  itWithSharedData('imports boundaries and prints the published dataset as JSON', ['boundaries/india-bihar-districts-2011.geojson'], async () => {
    const r = await atlas(['import', bihar, '--name', 'Bihar districts', '--level', '2', '--code-field', 'dt_code', '--name-field', 'district', '--sensitivity', 'public', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.published).toBe(true);
    expect(out.report.toWrite.areas).toBe(38);
    setId = out.datasetId;
    // the file was read where it lies, hashed for the provenance, and left there
    expect((await services.datasets.list(adminViewer())).find((d) => d.id === setId)).toMatchObject({ fileName: 'india-bihar-districts-2011.geojson', fileHash: sha256(bihar) });
    expect(uploads()).toEqual([]);
  });

  it('streams a sites file, hashing it as it reads it, and records the hash with the dataset and the run', async () => {
    const file = path.join(dataDir, 'stops.csv');
    writePointsFile(file, 'csv', 20_000, { seed: 7 });
    const before = fs.statSync(file);
    const r = await atlas(['import', file, '--kind', 'sites', '--category', 'transit.bus-station', '--name', 'Stops', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ published: true, report: { format: 'csv', rowsRead: 20_000, toWrite: { sites: 20_000 } } });
    const hash = sha256(file);
    expect((await services.datasets.list(adminViewer())).find((d) => d.id === out.datasetId)).toMatchObject({ kind: 'sites', featureCount: 20_000, fileName: 'stops.csv', fileHash: hash });
    const run = await db.db.selectFrom('import_runs').select(['file_name', 'file_hash', 'status']).where('dataset_id', '=', out.datasetId).executeTakeFirstOrThrow();
    expect(run).toEqual({ file_name: 'stops.csv', file_hash: hash, status: 'published' });
    expect(fs.statSync(file)).toMatchObject({ size: before.size, mtimeMs: before.mtimeMs });
    expect(uploads()).toEqual([]);
    const last = [...seededPoints(20_000, 7)].at(-1)!;
    const site = await db.db.selectFrom('sites').select(['lng', 'lat']).where('dataset_id', '=', out.datasetId).where('name', '=', last.name).executeTakeFirstOrThrow();
    expect(site).toEqual({ lng: last.lng, lat: last.lat });
  });

  it('hashes a file that fails part-way through the stream for the record of the run', async () => {
    const file = path.join(dataDir, 'broken.geojsonl');
    writePointsFile(file, 'ndgeojson', 5_000, { edit: (line, text) => (line === 4_000 ? text.slice(0, 30) : text) });
    const r = await atlas(['import', file, '--kind', 'sites', '--category', 'transit.bus-station', '--name', 'Broken stops']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.geojsonl line 4000 is not valid JSON/);
    const run = await db.db.selectFrom('import_runs').select(['file_hash', 'status', 'dataset_id']).where('file_name', '=', 'broken.geojsonl').executeTakeFirstOrThrow();
    expect(run).toEqual({ file_hash: sha256(file), status: 'failed', dataset_id: null });
  });

  // joins to the boundaries the first test imported
  itWithSharedData('prints the join report on a dry run and publishes once the matches are confirmed', ['boundaries/india-bihar-districts-2011.geojson', 'child-marriage/india-nfhs5-districts-phase1.csv'], async () => {
    const common = ['import', nfhs, '--kind', 'observations', '--name', 'NFHS-5 child marriage', '--join-to', setId, '--join-on', 'name', '--area-field', 'District', '--value-field', 'NFHS-5', '--period', '2019-21', '--filter', 'State=Bihar', '--filter', 'Indicator=16. Women age 20-24 years married before age 18 years (%)'];
    const dry = await atlas([...common, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('36 of 38 keys matched, 2 unmatched');
    expect(dry.stdout).toMatch(/unmatched 'Pashchim Champaran' \(row \d+\) — closest: West Champaran/);
    const real = await atlas([...common, '--match', 'Pashchim Champaran=203', '--match', 'Purba Champaran=204', '--json']);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout).report.toWrite.observations).toBe(38);
  });

  it('stops with the reason when a file cannot be read', async () => {
    const bad = path.join(dataDir, 'broken.geojson');
    fs.writeFileSync(bad, '{"type":"FeatureCollection","features":[{"type":"Feature",');
    const r = await atlas(['import', bad, '--kind', 'boundaries', '--name', 'broken', '--code-field', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.geojson/);
    expect(r.stderr).toMatch(/JSON/);
  });

  it('names a bad option value', async () => {
    const r = await atlas(['import', path.join(ROOT, 'test/fixtures/sample/sample-districts.geojson'), '--kind', 'boundaries', '--name', 'x', '--sensitivity', 'secret']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sensitivity/);
  });
});

describe('the index of the countries', () => {
  it('is kept in the cache folder and read back with the same answers, and built again when the cache is unreadable', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-cache-'));
    const built = await loadCountryIndex(db.db, cacheDir);
    const [file] = fs.readdirSync(cacheDir);
    expect(file).toMatch(/^country-index-[0-9a-f]{16}\.v8$/);
    const written = fs.statSync(path.join(cacheDir, file)).mtimeMs;
    const cached = await loadCountryIndex(db.db, cacheDir);
    expect(fs.statSync(path.join(cacheDir, file)).mtimeMs).toBe(written);
    const fresh = await loadCountryIndex(db.db, null);
    expect(cached.codes).toEqual(fresh.codes);
    const coords = new Float64Array([...seededPoints(20_000)].flatMap((p) => [p.lng, p.lat]));
    const answers = fresh.index.locateAll(coords);
    expect(cached.index.locateAll(coords)).toEqual(answers);
    expect(built.index.locateAll(coords)).toEqual(answers);
    expect(cached.codes[cached.index.locate(85.3131, 27.7352)]).toBe('NPL');
    fs.writeFileSync(path.join(cacheDir, file), 'not an index');
    expect((await loadCountryIndex(db.db, cacheDir)).index.locateAll(coords)).toEqual(answers);
    expect(fs.statSync(path.join(cacheDir, file)).size).toBeGreaterThan(1_000_000);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});

describe('official sources parse files of their format', () => {
  itWithSharedData('joins the UNICEF child-marriage extract to the countries (Bangladesh 51.42 %, Nigeria 43.4 %)', ['child-marriage/unicef-pt-f-20-24-mrd-u18-2016-2022.csv'], async ([file]) => {
    const table = readCsv(new Uint8Array(fs.readFileSync(file)), { fileName: 'unicef.csv' });
    const request = importRequestSchema.parse(getSource('unicef-child-marriage').request(table));
    expect(request.areaField).toBe('Geographic area');
    const upload = await registerFile(dataDir, file, 1e9);
    const { jobId, done } = services.imports.start(upload.id, request, adminViewer());
    await done;
    const job = services.imports.status(jobId, adminViewer())!;
    expect(job.phase).toBe('published');
    const join = job.report!.join!;
    expect(join.keys).toBe(99);
    // 88 countries match by name or alternative name; regional aggregates ('World', 'South Asia'),
    // Tuvalu (not in Natural Earth 1:50m) and the DPRK's official name are reported, not dropped.
    expect(join.matched.length).toBe(88);
    expect(join.unmatched.map((u) => u.key)).toEqual(expect.arrayContaining(['World', 'South Asia', 'Tuvalu']));
    const features = await services.datasets.features(adminViewer(), job.datasetId!);
    if (features?.kind !== 'observations') throw new Error('expected observations');
    expect(features.rows.find((r) => r.areaCode === 'BGD')).toMatchObject({ period: '2019', value: 51.42, boundarySetId: COUNTRIES_SET_ID });
    expect(features.rows.find((r) => r.areaCode === 'NGA')).toMatchObject({ period: '2018', value: 43.4 });
  });

  itWithSharedData('reads Natural Earth admin-1 with the fields the fetcher uses', ['boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz'], async ([file]) => {
    const upload = await registerFile(dataDir, file, 1e9);
    const request = importRequestSchema.parse(getSource('natural-earth-admin1').request(null));
    const report = await services.imports.plan(upload.id, request, adminViewer());
    expect(report.rowsRead).toBe(4855);
    // Natural Earth has some admin-1 units without an ISO 3166-2 code: reported, not written.
    expect(report.toWrite.areas).toBeGreaterThan(4500);
    expect(report.errorCount).toBe(4855 - report.toWrite.areas);
  });
});

describe('downloads', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/file.csv') res.end('a,b\n1,2\n');
      else {
        res.statusCode = 404;
        res.end('no');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it('streams a file to disk', async () => {
    const dest = path.join(dataDir, 'dl.csv');
    expect((await download(`${base}/file.csv`, dest)).bytes).toBe(8);
    expect(fs.readFileSync(dest, 'utf8')).toBe('a,b\n1,2\n');
  });

  it('says when the server answers with an error', async () => {
    const err = await download(`${base}/missing`, path.join(dataDir, 'x')).catch((e) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toMatch(/answered 404/);
  });

  it('says plainly that the machine seems offline when nothing answers', async () => {
    // A port that was free a moment ago: nothing listens there, so the connection is refused.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const err = await download(`http://127.0.0.1:${port}/file.csv`, path.join(dataDir, 'x')).catch((e) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect(err.message).toMatch(/seems to be offline/);
    expect(err.message).toMatch(/npm run atlas -- import FILE/);
  });
});
