import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearRunning, isOrphaned, listRunning, markRunning, type RunningImport } from './running-imports';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-running-'));
const RUN = 'a'.repeat(24);
const UPLOAD = 'b'.repeat(32);

// the pid of a process that has exited
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('running imports', () => {
  it('lists a marked run with its upload and this process, and forgets it when cleared', () => {
    const dir = tmp();
    markRunning(dir, RUN, UPLOAD);
    expect(listRunning(dir)).toEqual([expect.objectContaining({ runId: RUN, uploadId: UPLOAD, pid: process.pid, host: os.hostname() })]);
    clearRunning(dir, RUN);
    expect(listRunning(dir)).toEqual([]);
  });

  it("counts this process's mark as orphaned unless its run is live here (a restarted container gets its old pid)", () => {
    const dir = tmp();
    markRunning(dir, RUN, UPLOAD);
    const [mark] = listRunning(dir);
    expect(isOrphaned(mark, new Set([RUN]))).toBe(false);
    expect(isOrphaned(mark, new Set())).toBe(true);
  });

  it('counts a mark of an exited process as orphaned, and one of another host as live', () => {
    const mark: RunningImport = { runId: RUN, uploadId: UPLOAD, pid: deadPid(), host: os.hostname(), startedAt: new Date().toISOString() };
    expect(isOrphaned(mark, new Set())).toBe(true);
    expect(isOrphaned({ ...mark, host: `${os.hostname()}-elsewhere` }, new Set())).toBe(false);
    // pid 1 lives (whoever it is)
    expect(isOrphaned({ ...mark, pid: 1 }, new Set())).toBe(false);
  });

  it('drops a mark half-written by a crash', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'imports-running'));
    fs.writeFileSync(path.join(dir, 'imports-running', `${RUN}.json`), '{"runId":"aaa');
    expect(listRunning(dir)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'imports-running'))).toEqual([]);
  });
});
