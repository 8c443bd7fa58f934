import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { getUpload, registerFile, saveUpload, sweepUploads, touchUpload } from './uploads';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-uploads-'));
const HOUR = 3600_000;

// sets the last use of an upload `ms` into the past
function age(dataDir: string, id: string, ms: number) {
  const then = new Date(Date.now() - ms);
  for (const ext of ['json', 'bin']) {
    const file = path.join(dataDir, 'uploads', `${id}.${ext}`);
    if (fs.existsSync(file)) fs.utimesSync(file, then, then);
  }
}

describe('sweepUploads', () => {
  it('deletes uploads unused for longer than the limit and keeps the others', async () => {
    const dir = tmp();
    const old = await saveUpload(dir, Readable.from([Buffer.from('a,b\n1,2\n')]), 'old.csv', 1 << 20);
    const fresh = await saveUpload(dir, Readable.from([Buffer.from('a,b\n1,2\n')]), 'fresh.csv', 1 << 20);
    age(dir, old.id, 2 * HOUR);
    age(dir, fresh.id, HOUR / 2);
    expect(sweepUploads(dir, { maxIdleMs: HOUR })).toEqual([old.id]);
    expect(getUpload(dir, old.id)).toBeUndefined();
    expect(fs.existsSync(old.path)).toBe(false);
    expect(getUpload(dir, fresh.id)?.name).toBe('fresh.csv');
  });

  it('counts the age from the last use, and keeps what it is told to keep', async () => {
    const dir = tmp();
    const used = await saveUpload(dir, Readable.from([Buffer.from('x')]), 'used.csv', 1 << 20);
    const kept = await saveUpload(dir, Readable.from([Buffer.from('x')]), 'kept.csv', 1 << 20);
    age(dir, used.id, 2 * HOUR);
    age(dir, kept.id, 2 * HOUR);
    touchUpload(dir, used.id);
    expect(sweepUploads(dir, { maxIdleMs: HOUR, keep: new Set([kept.id]) })).toEqual([]);
  });

  it('deletes a copy a crash left without its description, and never a file registered where it lies', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'uploads'));
    const orphan = path.join(dir, 'uploads', `${'c'.repeat(32)}.bin`);
    fs.writeFileSync(orphan, 'half an upload');
    const own = path.join(dir, 'mine.csv');
    fs.writeFileSync(own, 'a,b\n');
    const registered = registerFile(dir, own, 1 << 20);
    age(dir, registered.id, 2 * HOUR);
    fs.utimesSync(orphan, new Date(Date.now() - 2 * HOUR), new Date(Date.now() - 2 * HOUR));
    expect(sweepUploads(dir, { maxIdleMs: HOUR }).sort()).toEqual([registered.id, 'c'.repeat(32)].sort());
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.readFileSync(own, 'utf8')).toBe('a,b\n');
  });
});
