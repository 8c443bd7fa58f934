import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * An import run in progress, as a file DATA_DIR/imports-running/<runId>.json: which upload it
 * reads and which process runs it. After a crash the next start can tell the runs that were cut
 * off (and remove their uploads) from those another live process on the same DATA_DIR — the CLI,
 * a second server — is still doing, without a column in the database.
 */
export interface RunningImport {
  runId: string;
  uploadId: string;
  pid: number;
  host: string;
  startedAt: string;
}

const RUN_ID = /^[a-f0-9]{24}$/;

function folder(dataDir: string): string {
  const dir = path.join(dataDir, 'imports-running');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Notes that this process runs `runId` on `uploadId`; clearRunning when it ends, however. */
export function markRunning(dataDir: string, runId: string, uploadId: string): void {
  const mark: RunningImport = { runId, uploadId, pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  fs.writeFileSync(path.join(folder(dataDir), `${runId}.json`), JSON.stringify(mark));
}

export function clearRunning(dataDir: string, runId: string): void {
  if (RUN_ID.test(runId)) fs.rmSync(path.join(folder(dataDir), `${runId}.json`), { force: true });
}

/** Every run marked as running in DATA_DIR, whether its process lives or not. */
export function listRunning(dataDir: string): RunningImport[] {
  const dir = folder(dataDir);
  const marks: RunningImport[] = [];
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.endsWith('.json')) continue;
    try {
      marks.push(JSON.parse(fs.readFileSync(path.join(dir, entry), 'utf8')) as RunningImport);
    } catch {
      // half-written by a crash: its run cannot be named, and the mark goes
      fs.rmSync(path.join(dir, entry), { force: true });
    }
  }
  return marks;
}

/**
 * Whether the process that marked a run is gone. This process's own marks are gone unless
 * `ownLive` holds them (a restarted container can get its old pid again); a mark of another host
 * (a DATA_DIR shared over the network) cannot be judged and counts as live.
 */
export function isOrphaned(mark: RunningImport, ownLive: ReadonlySet<string>): boolean {
  if (mark.host !== os.hostname()) return false;
  if (mark.pid === process.pid) return !ownLive.has(mark.runId);
  try {
    process.kill(mark.pid, 0);
    return false;
  } catch (err) {
    // EPERM: it lives, under another user
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
