// A server killed in the middle of a big import (SIGKILL: no handler runs) and started again on the
// same DATA_DIR and database: the run says failed (interrupted) in the history, its upload is gone,
// and nothing of it was written.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { spawnServer, waitForOutput } from '../helpers/start-server';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { writePointsFile } from '../helpers/points-file';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-crash-'));
let databaseUrl: string | undefined;
const children: ReturnType<typeof spawnServer>['child'][] = [];

// The first administrator of a server with accounts (a server without them ignores these).
const ADMIN = { email: 'admin@test.local', password: 'test-admin-password' };
const ADMIN_ENV = { ATLAS_ADMIN_EMAIL: ADMIN.email, ATLAS_ADMIN_PASSWORD: ADMIN.password, SIGN_IN_PER_MINUTE: '100000', UPLOADS_PER_MINUTE: '100000' };

// A session cookie of the administrator, or '' from a server without accounts.
async function sessionCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const m = /atlas_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  return m ? `atlas_session=${m[1]}` : '';
}

async function start() {
  databaseUrl ??= process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
  const server = spawnServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', ...ADMIN_ENV });
  children.push(server.child);
  const [, url] = await waitForOutput(server.child, server.output, /ready at (http:\/\/[^\s]+)/, 240_000);
  const cookie = await sessionCookie(url);
  const headers = (): Record<string, string> => (cookie ? { cookie } : {});
  return { ...server, url, headers, api: createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, headers })] }) };
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (databaseUrl) await dropTempDatabase(databaseUrl);
});

describe('restart after a crash', () => {
  it('records an import cut off by SIGKILL as failed (interrupted) and removes its upload', async () => {
    const first = await start();
    const file = path.join(dataDir, 'stops.csv');
    writePointsFile(file, 'csv', 1_000_000, { seed: 11 });
    const res = await fetch(`${first.url}/api/uploads?name=stops.csv`, { method: 'POST', headers: first.headers(), body: fs.readFileSync(file) });
    expect(res.status).toBe(201);
    const { id: uploadId } = (await res.json()) as { id: string };
    fs.rmSync(file);

    const { jobId } = await first.api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Stops', category: 'transit.bus-station' } });
    // kill it while it writes, a few per cent in, at once: the import holds the server's only
    // thread, so a request sent now might be answered only once it has finished
    for (;;) {
      const job = await first.api.imports.status.query({ jobId });
      expect(job.phase).not.toMatch(/published|failed|cancelled/);
      if (job.phase === 'writing' && job.progress > 0.01) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    // it was running: marked so, with its upload
    const marks = fs.readdirSync(path.join(dataDir, 'imports-running'));
    expect(marks).toEqual([expect.stringMatching(/^[0-9a-f]{24}\.json$/)]);
    const runId = marks[0].slice(0, 24);
    expect(fs.readdirSync(path.join(dataDir, 'uploads')).sort()).toEqual([`${uploadId}.bin`, `${uploadId}.json`]);

    const second = await start();
    expect(second.output()).toContain('marked 1 interrupted import(s) as failed');
    const [after] = await second.api.imports.history.query();
    expect(after).toMatchObject({ id: runId, fileName: 'stops.csv', status: 'failed', message: expect.stringMatching(/^Interrupted: the process running this import stopped/), datasetId: null });
    expect(after.finishedAt).not.toBeNull();
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'imports-running'))).toEqual([]);
    const err = await second.api.imports.inspect.query({ uploadId }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    // nothing half-written: no dataset of the run
    expect((await second.api.datasets.list.query()).map((d) => d.name)).not.toContain('Stops');
    second.child.kill('SIGTERM');
  });
});
