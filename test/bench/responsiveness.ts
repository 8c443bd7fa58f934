// How the API answers while a big import runs (issue 14's goal: p99 of /health and of a cached
// tile under 100 ms): `npm run bench -- responsiveness`. Each case runs on a fresh server with
// IMPORT_THREAD=main (the anchor: the import on the server's thread) and =worker, on SQLite and,
// when DATABASE_URL is set, on PostgreSQL: a 1,000,000-point CSV of sites (read as a stream,
// RESPONSIVENESS_POINTS to change it) and a FeatureCollection of 200,000 points (read whole,
// RESPONSIVENESS_WHOLE_POINTS). From the import's start to its end, a request of each kind due
// every 20 ms, one at a time (see probe: a slow answer counts for those it held up).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { startServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { writePointsFile, type PointsFileFormat } from '../helpers/points-file';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

type Thread = 'main' | 'worker';

/** A request of each kind is due this often (50 a second). */
const PROBE_EVERY_MS = 20;

export interface ResponsivenessRun {
  importS: number;
  phase: string;
  /** Request times, ms, sorted. */
  health: number[];
  tiles: number[];
}

/** One import on a fresh server, probed as it runs. */
async function probeImport(thread: Thread, file: string, databaseUrl: string | undefined): Promise<ResponsivenessRun> {
  const previous = process.env.DATABASE_URL;
  // startServer makes a database of its own on the DATABASE_URL it finds
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else delete process.env.DATABASE_URL;
  const server = await startServer({ env: { IMPORT_THREAD: thread } }).finally(() => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  });
  try {
    const cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie } })] });
    const tile = `${server.url}/tiles/places/4/11/6.pbf`;
    await (await fetch(tile, { headers: { cookie } })).arrayBuffer();
    const up = await fetch(`${server.url}/api/uploads?name=${path.basename(file)}`, { method: 'POST', headers: { cookie }, body: fs.readFileSync(file) });
    const { id: uploadId } = (await up.json()) as { id: string };
    const t0 = performance.now();
    const { jobId } = await api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Sample big import', category: 'transit.bus-station' } });
    let done = false;
    let phase = '';
    const watch = (async () => {
      while (!done) {
        // a connection the server closed while it could not answer is tried again
        const job = await api.imports.status.query({ jobId }).catch(() => api.imports.status.query({ jobId }));
        phase = job.phase;
        if (job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') done = true;
        else await new Promise((r) => setTimeout(r, 200));
      }
    })();
    // One request at a time, due every PROBE_EVERY_MS. A request that took longer stands for the
    // ones that would have been sent meanwhile too, each timed from when it was due (the usual
    // correction for coordinated omission): a thread that stops answering for a second counts as
    // 50 slow answers, not one, without piling up connections.
    const probe = async (url: string, headers: Record<string, string>) => {
      const times: number[] = [];
      let failed = 0;
      while (!done) {
        const s = performance.now();
        try {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (!res.ok) failed++;
        } catch {
          failed++;
        }
        const ms = performance.now() - s;
        times.push(ms);
        for (let missed = ms - PROBE_EVERY_MS; missed > 0; missed -= PROBE_EVERY_MS) times.push(missed);
        if (ms < PROBE_EVERY_MS) await new Promise((r) => setTimeout(r, PROBE_EVERY_MS - ms));
      }
      if (failed) console.error(`responsiveness: ${failed} request(s) to ${new URL(url).pathname} failed`);
      return times.sort((a, b) => a - b);
    };
    const [health, tiles] = await Promise.all([probe(`${server.url}/health`, {}), probe(tile, { cookie }), watch]);
    return { importS: (performance.now() - t0) / 1000, phase, health, tiles };
  } catch (err) {
    console.error(`responsiveness: IMPORT_THREAD=${thread}, ${path.basename(file)}: the server said:\n${server.output().slice(-3000)}`);
    throw err;
  } finally {
    await server.stop();
  }
}

const figures = (t: number[]) => `p50 ${quantile(t, 0.5).toFixed(1).padStart(6)} ms  p99 ${quantile(t, 0.99).toFixed(1).padStart(7)} ms  max ${(t[t.length - 1] ?? NaN).toFixed(0).padStart(5)} ms  n=${t.length}`;

export async function benchResponsiveness() {
  const cases: { format: PointsFileFormat; points: number; what: string }[] = [
    { format: 'csv', points: Number(process.env.RESPONSIVENESS_POINTS ?? 1_000_000), what: 'CSV, streamed' },
    { format: 'geojson', points: Number(process.env.RESPONSIVENESS_WHOLE_POINTS ?? 200_000), what: 'FeatureCollection, read whole' },
  ];
  const databases: { name: string; url?: string }[] = [{ name: 'SQLite' }, ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.DATABASE_URL }] : [])];
  const results: Record<string, Record<Thread, ResponsivenessRun>> = {};
  // written before any server starts (a file of 1M points takes seconds)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-resp-'));
  const files = cases.map((c) => {
    const file = path.join(dir, c.format === 'csv' ? 'sample-big.csv' : 'sample-big.geojson');
    writePointsFile(file, c.format, c.points, { seed: 9 });
    return file;
  });
  try {
    for (const database of databases) {
      for (const [i, c] of cases.entries()) {
        const runs = {} as Record<Thread, ResponsivenessRun>;
        for (const thread of ['main', 'worker'] as const) runs[thread] = await probeImport(thread, files[i], database.url);
        const key = `${database.name}, ${c.points.toLocaleString('en')}-point ${c.what}`;
        results[key] = runs;
        console.log(`responsiveness ${key} (goal p99 < 100 ms during the import):`);
        for (const thread of ['main', 'worker'] as const) {
          const r = runs[thread];
          console.log(`  IMPORT_THREAD=${thread.padEnd(6)} import ${r.importS.toFixed(1)} s (${r.phase})`);
          console.log(`    /health      ${figures(r.health)}`);
          console.log(`    cached tile  ${figures(r.tiles)}`);
        }
        const ratio = (k: 'health' | 'tiles') => (quantile(runs.main[k], 0.99) / quantile(runs.worker[k], 0.99)).toFixed(1);
        console.log(`  p99 main / worker: /health ${ratio('health')}×, cached tile ${ratio('tiles')}×`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
