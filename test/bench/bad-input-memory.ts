/**
 * Peak memory of the worst inputs (test/fixtures/bad-input/make-fixtures.ts: zip and gzip bombs
 * that lie about their sizes, JSON nested 100,000 deep, coordinates of 1e308, …), each imported
 * through the CLI (`npm run atlas -- import`, one process per file: its peak RSS by
 * /usr/bin/time) and through the wizard's API of one running server (its peak RSS per file: the
 * kernel's high-water mark, reset before each file through /proc/PID/clear_refs). Goal: no input
 * takes either past 500 MB.
 *
 * Run alone: `node --import tsx test/bench/bad-input-memory.ts`; in `npm run bench -- bad-input`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../server/routers/_app';
import { BAD_INPUTS } from '../fixtures/bad-input/make-fixtures';
import { ROOT, spawnServer, waitForOutput } from '../helpers/start-server';
import { formatMs } from './bench-cli';

/** The goal of issue 14 for the server and the CLI alike. */
export const RSS_GOAL_MB = 500;

export interface BadInputMemory {
  name: string;
  fileBytes: number;
  /** How the import ended: 'published', or the first words of its message. */
  outcome: string;
  cli: { ms: number; peakRssMb: number | null };
  server: { ms: number; peakRssMb: number | null };
}

const TIME = '/usr/bin/time';

// Peak RSS of one CLI run, from /usr/bin/time -v (null when it is not installed).
async function runCli(args: string[], env: Record<string, string>): Promise<{ ms: number; peakRssMb: number | null; stdout: string; code: number | null }> {
  const timed = fs.existsSync(TIME);
  const command = [process.execPath, 'scripts/atlas.mjs', ...args];
  const [file, ...rest] = timed ? [TIME, '-v', ...command] : command;
  const t0 = performance.now();
  const child = spawn(file, rest, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
  return { ms: performance.now() - t0, peakRssMb: Number.isFinite(kb) ? (kb * 1024) / 1e6 : null, stdout, code };
}

function peakKb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// "5" resets the peak RSS the kernel keeps for a process (Documentation/filesystems/proc.rst)
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

// The first administrator of a server with accounts (a server without them ignores these).
const ADMIN = { email: 'admin@bench.local', password: 'bench-admin-password' };
const ADMIN_ENV = { ATLAS_ADMIN_EMAIL: ADMIN.email, ATLAS_ADMIN_PASSWORD: ADMIN.password, SIGN_IN_PER_MINUTE: '100000', UPLOADS_PER_MINUTE: '100000' };

// A session cookie of the administrator, or '' from a server without accounts.
async function sessionCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const m = /atlas_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  return m ? `atlas_session=${m[1]}` : '';
}

const flags = (request: Record<string, unknown>) =>
  Object.entries(request).flatMap(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]);

/** Imports every bad input through the CLI and the API, printing each as it comes. */
export async function benchBadInputMemory(options: { log?: (line: string) => void } = {}): Promise<BadInputMemory[]> {
  const log = options.log ?? console.log;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-bad-input-bench-'));
  const env = { DATA_DIR: path.join(dir, 'cli-data'), DATABASE_URL: '' };
  const results: BadInputMemory[] = [];
  let server: ReturnType<typeof spawnServer> | null = null;
  try {
    // the default data (for the server too: a warm start) and the CLI bundle first, so that
    // neither is measured
    const serverEnv = { DATA_DIR: path.join(dir, 'server-data'), DATABASE_URL: '', ...ADMIN_ENV };
    await runCli(['datasets'], env);
    await runCli(['datasets'], serverEnv);
    server = spawnServer({ PORT: '0', HOST: '127.0.0.1', ...serverEnv });
    const [, url] = await waitForOutput(server.child, server.output, /ready at (http:\/\/[^\s]+)/, 240_000);
    const cookie = await sessionCookie(url);
    const headers = (): Record<string, string> => (cookie ? { cookie } : {});
    const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc`, headers })] });
    const pid = server.child.pid!;
    const idleMb = ((peakKb(pid) ?? 0) * 1024) / 1e6;
    const resettable = resetPeak(pid);
    log(`bad-input server started: peak RSS ${idleMb.toFixed(0)} MB before the corpus${resettable ? '' : ' (the peak cannot be reset here: each figure is the peak so far)'}`);

    for (const b of BAD_INPUTS) {
      const bytes = b.bytes();
      const file = path.join(dir, b.name);
      fs.writeFileSync(file, bytes);
      const cli = await runCli(['import', file, ...flags(b.request), '--json'], env);
      let outcome = `exit ${cli.code}`;
      try {
        const out = JSON.parse(cli.stdout);
        outcome = out.published ? 'published' : String(out.error?.message ?? '').slice(0, 70);
      } catch {
        // not JSON: the exit code says enough
      }

      resetPeak(pid);
      const t0 = performance.now();
      const res = await fetch(`${url}/api/uploads?name=${encodeURIComponent(b.name)}`, { method: 'POST', headers: headers(), body: new Uint8Array(bytes) });
      const { id } = (await res.json()) as { id: string };
      const { jobId } = await api.imports.start.mutate({ uploadId: id, request: b.request as never });
      for (;;) {
        const job = await api.imports.status.query({ jobId });
        if (job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const serverMs = performance.now() - t0;
      const kb = peakKb(pid);
      const r: BadInputMemory = { name: b.name, fileBytes: bytes.length, outcome, cli: { ms: cli.ms, peakRssMb: cli.peakRssMb }, server: { ms: serverMs, peakRssMb: kb === null ? null : (kb * 1024) / 1e6 } };
      results.push(r);
      const mb = (x: number | null) => (x === null ? '—' : `${x.toFixed(0)} MB`);
      log(`bad-input ${b.name.padEnd(28)} ${(bytes.length / 1e6).toFixed(2).padStart(6)} MB in: CLI ${mb(r.cli.peakRssMb).padStart(7)} ${formatMs(r.cli.ms).padStart(7)}, server ${mb(r.server.peakRssMb).padStart(7)} ${formatMs(r.server.ms).padStart(7)}  ${outcome}`);
      fs.rmSync(file);
    }
    const worst = (pick: (r: BadInputMemory) => number | null) => results.reduce<BadInputMemory | null>((w, r) => ((pick(r) ?? -1) > (w ? (pick(w) ?? -1) : -1) ? r : w), null);
    const cliWorst = worst((r) => r.cli.peakRssMb);
    const serverWorst = worst((r) => r.server.peakRssMb);
    const verdict = (x: number | null | undefined) => (x === null || x === undefined ? 'unknown' : x <= RSS_GOAL_MB ? 'within' : 'OVER');
    log(`bad-input peak RSS of the worst input: CLI ${cliWorst?.cli.peakRssMb?.toFixed(0) ?? '—'} MB (${cliWorst?.name}), server ${serverWorst?.server.peakRssMb?.toFixed(0) ?? '—'} MB (${serverWorst?.name}); goal ≤ ${RSS_GOAL_MB} MB: CLI ${verdict(cliWorst?.cli.peakRssMb)}, server ${verdict(serverWorst?.server.peakRssMb)}`);
    return results;
  } finally {
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server!.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await benchBadInputMemory();
}
