// `npm run load`: signed-in sessions on loopback for a bounded time, mixing tiles, area queries,
// profiles, catalogue reads and edits, while a big sites import runs; prints p50/p99 per route,
// the errors and the server's memory before, during and after. Bounded in sessions, seconds and
// points; test/api/load.test.ts runs a 10-second version and fails on any error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { startServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { writePointsFile } from '../helpers/points-file';
import { tileOf } from '../../server/tiles/web-mercator';

export interface LoadResult {
  requests: number;
  errors: string[];
  routes: Record<string, { count: number; p50: number; p99: number; max: number }>;
  rssMb: { before: number; peak: number; after: number };
  importPhase: string;
  importMs: number | null;
}

const COUNTRIES = ['IND', 'NPL', 'BGD', 'NGA', 'BRA', 'FRA', 'KEN', 'THA', 'PHL', 'MEX', 'ETH', 'PAK'];
const CITIES: [number, number][] = [[85.3, 27.7], [77.2, 28.6], [90.4, 23.8], [3.4, 6.5], [-46.6, -23.5], [2.35, 48.85], [36.8, -1.3], [100.5, 13.75]];

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function benchLoad(opts: { sessions?: number; seconds?: number; importPoints?: number; log?: (line: string) => void } = {}): Promise<LoadResult> {
  const { sessions = 50, seconds = 60, importPoints = 1_000_000 } = opts;
  const log = opts.log ?? console.log;
  const server = await startServer();
  const latencies = new Map<string, number[]>();
  const errors: string[] = [];
  let requests = 0;
  try {
    const cookies: string[] = [];
    for (let i = 0; i < sessions; i++) cookies.push(await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password));
    const apis = cookies.map((cookie) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie } })] }));
    // a small dataset of each session's own to rename (an edit that never conflicts)
    const own: { id: string; version: number }[] = [];
    for (let i = 0; i < sessions; i++) {
      const csv = `name,lat,lon\nSample point ${i},${(27 + (i % 10) * 0.1).toFixed(2)},${(85 + (i % 7) * 0.1).toFixed(2)}\n`;
      const up = await fetch(`${server.url}/api/uploads?name=load-${i}.csv`, { method: 'POST', headers: { cookie: cookies[i] }, body: csv });
      const { id: uploadId } = (await up.json()) as { id: string };
      const { jobId } = await apis[i].imports.start.mutate({ uploadId, request: { kind: 'sites', name: `Sample load ${i}`, category: 'transit.bus-station' } });
      let job = await apis[i].imports.status.query({ jobId });
      while (job.phase !== 'published' && job.phase !== 'failed') {
        await new Promise((r) => setTimeout(r, 20));
        job = await apis[i].imports.status.query({ jobId });
      }
      own.push({ id: job.datasetId!, version: 1 });
    }
    // warm the tile indexes, as a server in use has them
    for (const layer of ['places', 'airports', 'countries']) await (await fetch(`${server.url}/tiles/${layer}/0/0/0.pbf`, { headers: { cookie: cookies[0] } })).arrayBuffer();
    // and the borderland zone of the profiles and the stored factors, computed once on a server in use
    await apis[0].areas.profile.query({ code: 'IND' });
    await apis[0].factors.compute.mutate({ boundarySetId: 'world-atlas-50m-admin0' });
    const before = rssMb(server.pid);

    // the big import, started through the API as the wizard does
    let importPhase = 'none';
    let importMs: number | null = null;
    let importDone: Promise<void> = Promise.resolve();
    if (importPoints > 0) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-load-')), 'sample-big.csv');
      writePointsFile(file, 'csv', importPoints, { seed: 3 });
      const up = await fetch(`${server.url}/api/uploads?name=sample-big.csv`, { method: 'POST', headers: { cookie: cookies[0] }, body: fs.readFileSync(file) });
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      const { id: uploadId } = (await up.json()) as { id: string };
      const t0 = performance.now();
      const { jobId } = await apis[0].imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Sample big import', category: 'transit.bus-station' } });
      importDone = (async () => {
        for (;;) {
          const job = await apis[0].imports.status.query({ jobId });
          importPhase = job.phase;
          if (job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') {
            importMs = performance.now() - t0;
            if (job.phase !== 'published') errors.push(`the import ${job.phase}: ${job.error?.message}`);
            return;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
    }

    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 500);
    const deadline = performance.now() + seconds * 1000;
    const timed = async (route: string, fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      try {
        await fn();
      } catch (err) {
        errors.push(`${route}: ${(err as Error).message}`.slice(0, 300));
      }
      requests++;
      let list = latencies.get(route);
      if (!list) latencies.set(route, (list = []));
      list.push(performance.now() - t0);
    };
    const get = async (url: string, cookie: string) => {
      const res = await fetch(url, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status >= 400) throw new Error(`${res.status} ${url}`);
    };
    await Promise.all(
      cookies.map(async (cookie, i) => {
        let n = i;
        while (performance.now() < deadline) {
          n++;
          const kind = n % 10;
          if (kind < 4) {
            const [lng, lat] = CITIES[n % CITIES.length];
            const z = 2 + (n % 7);
            const t = tileOf(lng, lat, z);
            const layer = ['places', 'airports', 'countries'][n % 3];
            await timed('tile', () => get(`${server.url}/tiles/${layer}/${z}/${t.x}/${t.y}.pbf`, cookie));
          } else if (kind < 6) {
            await timed('areas.profile', () => apis[i].areas.profile.query({ code: COUNTRIES[n % COUNTRIES.length] }));
          } else if (kind < 7) {
            await timed('factors.get', () => apis[i].factors.get.query({ boundarySetId: 'world-atlas-50m-admin0', code: COUNTRIES[n % COUNTRIES.length] }));
          } else if (kind < 9) {
            await timed('datasets.list', () => apis[i].datasets.list.query());
          } else {
            await timed('datasets.update', async () => {
              const r = await apis[i].datasets.update.mutate({ id: own[i].id, version: own[i].version, name: `Sample load ${i} (${n})` });
              own[i].version = r.version;
            });
          }
        }
      }),
    );
    clearInterval(sampler);
    await importDone;
    const after = rssMb(server.pid);
    const routes: LoadResult['routes'] = {};
    for (const [route, list] of latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      routes[route] = { count: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1] };
    }
    const result: LoadResult = { requests, errors, routes, rssMb: { before, peak, after }, importPhase, importMs };
    log(`load      ${sessions} signed-in sessions for ${seconds} s${importPoints ? `, a ${importPoints.toLocaleString('en')}-point import running (${importPhase}${importMs ? ` in ${(importMs / 1000).toFixed(1)} s` : ''})` : ''}: ${requests.toLocaleString('en')} requests, ${errors.length} errors`);
    for (const [route, r] of Object.entries(routes)) {
      log(`load      ${route.padEnd(16)} n=${String(r.count).padStart(6)}  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(0).padStart(6)} ms  (goal p99 < 200 ms for tiles and queries)`);
    }
    log(`load      server RSS: ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak, ${after.toFixed(0)} MB after`);
    for (const e of errors.slice(0, 10)) log(`load      error: ${e}`);
    return result;
  } finally {
    await server.stop();
  }
}

const isMain = process.argv[1]?.endsWith('load.ts');
if (isMain) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const r = await benchLoad({ sessions: arg('sessions', 50), seconds: arg('seconds', 60), importPoints: arg('points', 1_000_000) });
  process.exit(r.errors.length ? 1 : 0);
}
