import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTempDatabase, dropTempDatabase } from './pg';
import { TEST_AUTH_ENV } from './auth';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  url: string;
  /** The server process's id (its memory is in /proc/{pid}/status). */
  pid: number;
  dataDir: string;
  databaseUrl?: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawns the real server (`server/index.ts` under tsx) as a child process. */
export function spawnServer(env: Record<string, string | undefined>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** Resolves with the exit code and output of a server that is expected to stop by itself. */
export function runUntilExit(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not exit within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output() });
    });
  });
}

/** Waits until the child prints a line matching `pattern`; rejects when it exits first. */
export function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = output().match(pattern);
      if (m) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`server exited (${code}) before printing ${pattern}:\n${output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const interval = setInterval(check, 50);
    const cleanup = () => {
      clearTimeout(timer);
      clearInterval(interval);
      child.off('exit', onExit);
    };
    child.on('exit', onExit);
    check();
  });
}

/**
 * Starts the real server on a free port with a fresh DATA_DIR (and, when DATABASE_URL is set, a
 * fresh PostgreSQL database on that server), and waits until it is ready.
 */
export async function startServer(
  opts: { env?: Record<string, string>; dataDir?: string; timeoutMs?: number; /** used as is, not copied */ databaseUrl?: string } = {},
): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-test-'));
  const ownsDatabase = !opts.databaseUrl && !!process.env.DATABASE_URL;
  const databaseUrl = opts.databaseUrl ?? (ownsDatabase ? await createTempDatabase(process.env.DATABASE_URL!) : undefined);
  const { child, output } = spawnServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...TEST_AUTH_ENV, ...opts.env, DATABASE_URL: databaseUrl });
  const match = await waitForOutput(child, output, /ready at (http:\/\/[^\s]+)/, opts.timeoutMs ?? 240_000).catch(async (err) => {
    child.kill('SIGKILL');
    if (ownsDatabase) await dropTempDatabase(databaseUrl!);
    throw err;
  });
  return {
    url: match[1],
    pid: child.pid!,
    dataDir,
    databaseUrl,
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownsDatabase) await dropTempDatabase(databaseUrl!);
    },
  };
}
