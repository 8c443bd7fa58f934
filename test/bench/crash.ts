// Crash safety: a server SIGKILLed at a seeded random moment of a big import, started again on the
// same data folder and database. Each trial checks that the database opens and passes its
// integrity check, that nothing of the interrupted import exists (no dataset, no sites of it),
// that what was acknowledged before the kill is there (a rename, an audit event), and that the
// history says the run failed (interrupted). `npm run bench -- crash` (CRASH_TRIALS, default 20 on
// the embedded database and 5 on PostgreSQL); test/api/crash-trials.test.ts runs 3 in CI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { sql } from 'kysely';
import type { AppRouter } from '../../server/routers/_app';
import { openDatabase } from '../../server/store/db';
import { spawnServer, waitForOutput } from '../helpers/start-server';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { writePointsFile } from '../helpers/points-file';
import { signIn, TEST_ADMIN, TEST_AUTH_ENV } from '../helpers/auth';

export interface CrashTrial {
  seed: number;
  killedAt: number;
  ok: boolean;
  problems: string[];
  restartMs: number;
}

function seeded(seed: number) {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

async function start(dataDir: string, databaseUrl: string | undefined) {
  const server = spawnServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', ...TEST_AUTH_ENV });
  const [, url] = await waitForOutput(server.child, server.output, /ready at (http:\/\/[^\s]+)/, 240_000);
  const cookie = await signIn(url, TEST_ADMIN.email, TEST_ADMIN.password);
  const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, headers: { cookie } })] });
  return { ...server, url, cookie, api };
}

/** Runs `trials` seeded kill-and-restart trials on one data folder and database; prints each. */
export async function benchCrash(opts: { trials?: number; seed?: number; points?: number; /** latest kill moment, as a share of the writing @default 0.92 */ maxKillAt?: number; log?: (line: string) => void } = {}): Promise<CrashTrial[]> {
  const log = opts.log ?? console.log;
  const postgres = !!process.env.DATABASE_URL;
  const trials = opts.trials ?? Number(process.env.CRASH_TRIALS ?? (postgres ? 5 : 20));
  const random = seeded(opts.seed ?? 20261207);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-crash-bench-'));
  const databaseUrl = postgres ? await createTempDatabase(process.env.DATABASE_URL!) : undefined;
  const file = path.join(dataDir, 'sample-stops.csv');
  writePointsFile(file, 'csv', opts.points ?? 300_000, { seed: 5 });
  const body = fs.readFileSync(file);
  const results: CrashTrial[] = [];
  try {
    for (let t = 0; t < trials; t++) {
      const seed = Math.floor(random() * 1e9);
      const killAt = 0.02 + seeded(seed)() * ((opts.maxKillAt ?? 0.92) - 0.02);
      const server = await start(dataDir, databaseUrl);
      const problems: string[] = [];
      // acknowledged before the kill: a rename of a built-in layer (answered 200)
      const airports = (await server.api.datasets.list.query()).find((d) => d.id === 'default-airports')!;
      const name = `Airports (trial ${t})`;
      await server.api.datasets.update.mutate({ id: 'default-airports', version: airports.version, name });
      const datasetsBefore = (await server.api.datasets.list.query()).length;
      const res = await fetch(`${server.url}/api/uploads?name=sample-stops.csv`, { method: 'POST', headers: { cookie: server.cookie }, body });
      const { id: uploadId } = (await res.json()) as { id: string };
      const { jobId } = await server.api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: `Sample stops ${t}`, category: 'transit.bus-station' } });
      let killedAt = 0;
      for (;;) {
        const job = await server.api.imports.status.query({ jobId });
        if (job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') {
          problems.push(`the import ended (${job.phase}) before the kill at ${(killAt * 100).toFixed(0)} %`);
          break;
        }
        if (job.phase === 'writing' && job.progress >= killAt) {
          killedAt = job.progress;
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGKILL');
      await exited;

      // the database by itself: it opens, passes its integrity check, holds no orphan
      const db = await openDatabase({ dataDir, databaseUrl });
      try {
        if (db.dialect === 'sqlite') {
          const check = db.sqlite!.pragma('integrity_check', { simple: true });
          if (check !== 'ok') problems.push(`integrity_check: ${String(check)}`);
        }
        const orphans = await sql<{ n: number }>`select count(*) as n from sites where dataset_id not in (select id from datasets)`.execute(db.db);
        if (Number(orphans.rows[0].n) !== 0) problems.push(`${orphans.rows[0].n} sites of no dataset`);
      } finally {
        await db.close();
      }

      const t0 = performance.now();
      const again = await start(dataDir, databaseUrl);
      const restartMs = performance.now() - t0;
      // the embedded database writes in slices under a parked dataset, which the restart deletes
      if (!databaseUrl && !/deleted 1 dataset\(s\) an interrupted import left unfinished/.test(again.output())) problems.push('the restart did not delete the unfinished dataset');
      const left = await openDatabase({ dataDir, databaseUrl }).then(async (db) => {
        try {
          const r = await sql<{ n: number }>`select count(*) as n from datasets where org_id = 'importing'`.execute(db.db);
          return Number(r.rows[0].n);
        } finally {
          await db.close();
        }
      });
      if (left !== 0) problems.push(`${left} unfinished dataset(s) left after the restart`);
      const list = await again.api.datasets.list.query();
      if (list.length !== datasetsBefore) problems.push(`${list.length} datasets after the restart, ${datasetsBefore} before the import`);
      if (list.some((d) => d.name === `Sample stops ${t}`)) problems.push('the interrupted import left a dataset');
      if (list.find((d) => d.id === 'default-airports')?.name !== name) problems.push('the rename acknowledged before the kill is gone');
      const [run] = await again.api.imports.history.query();
      if (run?.status !== 'failed' || !/^Interrupted/.test(run.message ?? '')) problems.push(`the history says ${run?.status}: ${run?.message}`);
      const audit = await again.api.audit.list.query({ action: 'dataset.update' });
      if (!audit.some((e) => (e.detail as { name?: string } | null)?.name === name)) problems.push('the audit event of the rename is gone');
      again.child.kill('SIGTERM');
      await new Promise((resolve) => again.child.once('exit', resolve));
      const trial = { seed, killedAt, ok: problems.length === 0, problems, restartMs };
      results.push(trial);
      log(`crash     ${postgres ? 'postgres' : 'sqlite  '} trial ${t + 1}/${trials} (seed ${seed}): killed at ${(killedAt * 100).toFixed(1)} % of the writing, restarted in ${restartMs.toFixed(0)} ms: ${trial.ok ? 'ok' : problems.join('; ')}`);
    }
  } finally {
    if (databaseUrl) await dropTempDatabase(databaseUrl);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  log(`crash     ${results.length - failed}/${results.length} trials lost nothing and left nothing half-written${failed ? ` — ${failed} FAILED` : ''}`);
  return results;
}
