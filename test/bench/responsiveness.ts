// How the API answers while a 1,000,000-point import runs (issue 14's goal: p99 of /health and of
// a cached tile under 100 ms): `npm run bench -- responsiveness` (RESPONSIVENESS_POINTS to change
// the size). One request at a time of each kind, back to back, from the import's start to its end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { startServer } from '../helpers/start-server';
import { signIn, TEST_ADMIN } from '../helpers/auth';
import { writePointsFile } from '../helpers/points-file';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function benchResponsiveness(points = Number(process.env.RESPONSIVENESS_POINTS ?? 1_000_000)) {
  const server = await startServer();
  try {
    const cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${server.url}/trpc`, headers: { cookie } })] });
    const tile = `${server.url}/tiles/places/4/11/6.pbf`;
    await (await fetch(tile, { headers: { cookie } })).arrayBuffer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-resp-'));
    const file = path.join(dir, 'sample-big.csv');
    writePointsFile(file, 'csv', points, { seed: 9 });
    const up = await fetch(`${server.url}/api/uploads?name=sample-big.csv`, { method: 'POST', headers: { cookie }, body: fs.readFileSync(file) });
    fs.rmSync(dir, { recursive: true, force: true });
    const { id: uploadId } = (await up.json()) as { id: string };
    const t0 = performance.now();
    const { jobId } = await api.imports.start.mutate({ uploadId, request: { kind: 'sites', name: 'Sample big import', category: 'transit.bus-station' } });
    let done = false;
    const watch = (async () => {
      while (!done) {
        const job = await api.imports.status.query({ jobId });
        if (job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') done = true;
        else await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const probe = async (url: string, headers: Record<string, string>) => {
      const times: number[] = [];
      while (!done) {
        const s = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        times.push(performance.now() - s);
      }
      return times.sort((a, b) => a - b);
    };
    const [health, tiles] = await Promise.all([probe(`${server.url}/health`, {}), probe(tile, { cookie }), watch]);
    const importS = (performance.now() - t0) / 1000;
    const line = (name: string, t: number[]) =>
      `responsiveness ${name.padEnd(12)} during a ${points.toLocaleString('en')}-point import (${importS.toFixed(1)} s): n=${t.length} p50 ${quantile(t, 0.5).toFixed(1)} ms, p99 ${quantile(t, 0.99).toFixed(1)} ms, max ${t[t.length - 1]?.toFixed(0)} ms (goal p99 < 100 ms)`;
    console.log(line('/health', health));
    console.log(line('cached tile', tiles));
    return { importS, health, tiles };
  } finally {
    await server.stop();
  }
}
