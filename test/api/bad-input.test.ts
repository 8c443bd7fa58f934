// The bad-input corpus (test/fixtures/bad-input/make-fixtures.ts) through the wizard's API over
// HTTP and through the CLI: each file fails with the message its fixture names, or imports what it
// should; nothing is published empty, no upload outlives its import, built-in layers stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { BAD_INPUTS, type BadInput } from '../fixtures/bad-input/make-fixtures';
import { ROOT } from '../helpers/start-server';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { apiClient, publishUpload, uploadFile, type ImportRequestInput } from './client';

const api = apiClient();

// the API's answer to a query for an upload that is gone
async function inspectError(uploadId: string): Promise<string> {
  const err = await api.imports.inspect.query({ uploadId }).then(() => null, (e: unknown) => e);
  if (!(err instanceof TRPCClientError)) throw new Error(`upload ${uploadId} can still be inspected`);
  return `${err.data?.code}: ${err.message}`;
}

describe('bad input over HTTP', () => {
  const published: string[] = [];
  afterAll(async () => {
    for (const id of published) await api.datasets.remove.mutate({ id }).catch(() => {});
  });

  for (const b of BAD_INPUTS) {
    it(b.fails ? `${b.name}: fails with its reason, publishes nothing and deletes the upload` : `${b.name}: imports, and deletes the upload`, async () => {
      const before = (await api.datasets.list.query()).length;
      const uploadId = await uploadFile(b.name, b.bytes());
      const job = await publishUpload(api, uploadId, b.request as ImportRequestInput);
      if (job.datasetId) published.push(job.datasetId);
      if (b.fails) {
        expect(job.phase).toBe('failed');
        expect(job.error!.message).toMatch(b.fails);
        expect(job.datasetId).toBeNull();
        expect((await api.datasets.list.query()).length).toBe(before);
        const run = (await api.imports.history.query()).find((r) => r.fileName === b.name && r.status === 'failed');
        expect(run?.message).toBe(job.error!.message);
      } else {
        expect(job.error).toBeNull();
        expect(job.phase).toBe('published');
        expect(job.report!.toWrite).toMatchObject(b.writes ?? {});
      }
      // the raw file goes with the import, published or not
      expect(await inspectError(uploadId)).toBe(`NOT_FOUND: No upload '${uploadId}': upload the file again`);
    });
  }

  it('a dataset deleted after its import cannot be previewed through its upload', async () => {
    const b = BAD_INPUTS.find((x) => x.name === 'utf16le-bom.csv')!;
    const uploadId = await uploadFile('stations.csv', b.bytes());
    expect((await api.imports.inspect.query({ uploadId })).preview).toEqual([['Gaya Junction', '24.8', '85.0'], ['Patna Junction', '25.6', '85.1']]);
    const job = await publishUpload(api, uploadId, b.request as ImportRequestInput);
    expect(job.phase).toBe('published');
    await api.datasets.remove.mutate({ id: job.datasetId! });
    expect(await inspectError(uploadId)).toMatch(/^NOT_FOUND: /);
  });

  it('a cancelled import deletes its upload too', async () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => `stop ${i},${(i % 180) - 89.5},${(i % 360) - 179.5}`).join('\n');
    const uploadId = await uploadFile('many-stops.csv', `name,lat,lon\n${rows}\n`);
    const job = await publishUpload(api, uploadId, { kind: 'sites', name: 'Cancelled', category: 'transit.bus-station' }, {
      pollMs: 20,
      onStatus: async (_job, jobId) => void (await api.imports.cancel.mutate({ jobId })),
    });
    if (job.datasetId) published.push(job.datasetId);
    expect(job.phase).toBe('cancelled');
    expect(await inspectError(uploadId)).toMatch(/^NOT_FOUND: /);
  });

  it('a built-in layer cannot be deleted, only hidden', async () => {
    const err = await api.datasets.remove.mutate({ id: 'default-airports' }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as { data?: { code?: string } }).data?.code).toBe('CONFLICT');
    expect((err as Error).message).toBe("Dataset 'default-airports' is built in: it can be hidden (datasets.update with hidden: true), not deleted.");
    await api.datasets.update.mutate({ id: 'default-airports', version: (await api.datasets.list.query()).find((d) => d.id === 'default-airports')!.version, hidden: true });
    expect((await api.datasets.list.query()).find((d) => d.id === 'default-airports')).toMatchObject({ hidden: true, featureCount: expect.any(Number) });
    await api.datasets.update.mutate({ id: 'default-airports', version: (await api.datasets.list.query()).find((d) => d.id === 'default-airports')!.version, hidden: false });
  });
});

describe('bad input through the CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-bad-cli-'));
  const files = path.join(dataDir, 'files');
  let databaseUrl: string | undefined;

  // What `npm run atlas` runs (package.json): the CLI from its bundle, built when stale.
  function atlas(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['scripts/atlas.mjs', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  // the fixture's request as flags: codeField → --code-field
  const flags = (b: BadInput) => Object.entries(b.request).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]);

  beforeAll(async () => {
    if (process.env.DATABASE_URL) databaseUrl = await createTempDatabase(process.env.DATABASE_URL);
    fs.mkdirSync(files);
    for (const b of BAD_INPUTS) fs.writeFileSync(path.join(files, b.name), b.bytes());
    // the default data, loaded once before the imports
    expect((await atlas(['datasets'])).code).toBe(0);
  });

  afterAll(async () => {
    if (databaseUrl) await dropTempDatabase(databaseUrl);
  });

  for (const b of BAD_INPUTS) {
    it(b.fails ? `${b.name}: exits 1 with its reason and writes nothing` : `${b.name}: imports and exits 0`, async () => {
      const r = await atlas(['import', path.join(files, b.name), ...flags(b), '--json']);
      const out = JSON.parse(r.stdout);
      if (b.fails) {
        expect(r.code).toBe(1);
        expect(out).toMatchObject({ published: false, datasetId: null });
        expect(out.error.message).toMatch(b.fails);
      } else {
        expect(r.code).toBe(0);
        expect(out).toMatchObject({ published: true, error: null, report: { toWrite: b.writes ?? {} } });
      }
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    });
  }

  it('says on a dry run that the import would fail, and exits 1', async () => {
    const b = BAD_INPUTS.find((x) => x.name === 'all-rejected.geojson')!;
    const r = await atlas(['import', path.join(files, b.name), ...flags(b), '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('to write: 0 areas, 0 sites, 0 observations');
    expect(r.stderr).toMatch(/the import would fail: all-rejected\.geojson: nothing to import: its 1 feature was left out/);
  });

  it('leaves in the catalogue only the files of the corpus that imported', async () => {
    const r = await atlas(['datasets', '--json']);
    const names = JSON.parse(r.stdout).map((d: { fileName: string | null }) => d.fileName);
    expect(names.filter((n: string | null) => n && BAD_INPUTS.some((b) => b.name === n)).sort()).toEqual(BAD_INPUTS.filter((b) => !b.fails).map((b) => b.name).sort());
  });
});
