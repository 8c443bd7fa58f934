import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { ImportError, errorIssue } from '../importers/import-error';

export interface Upload {
  id: string;
  name: string;
  size: number;
  /**
   * SHA-256 of the file, hex. Null for a file registered where it lies (registerFile): its hash is
   * taken as the import reads it.
   */
  sha256: string | null;
  path: string;
  /** The organisation of whoever uploaded it through the web app; absent for a file the CLI registered. */
  orgId?: string;
}

const ID = /^[a-f0-9]{32}$/;

function folder(dataDir: string): string {
  const dir = path.join(dataDir, 'uploads');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Streams an uploaded file to DATA_DIR/uploads, hashing it on the way; stops and deletes it as
 * soon as it passes maxBytes, with a message naming the limit.
 */
export async function saveUpload(dataDir: string, body: Readable, name: string, maxBytes: number, orgId?: string): Promise<Upload & { sha256: string }> {
  const id = crypto.randomBytes(16).toString('hex');
  const file = path.join(folder(dataDir), `${id}.bin`);
  const hash = crypto.createHash('sha256');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new ImportError(errorIssue('limit-exceeded', `${name} is larger than the upload limit of ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES)`)));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, count, fs.createWriteStream(file));
  } catch (err) {
    fs.rmSync(file, { force: true });
    throw err;
  }
  const upload = { id, name: path.basename(name), size, sha256: hash.digest('hex'), path: file, orgId };
  fs.writeFileSync(path.join(folder(dataDir), `${id}.json`), JSON.stringify({ name: upload.name, size, sha256: upload.sha256, orgId }));
  return upload;
}

/**
 * Registers a file already on disk (the CLI) as an upload where it lies: nothing is copied, and
 * its hash is taken when the import reads it (sha256 is null until then). Refuses a file over
 * maxBytes as saveUpload does.
 */
export function registerFile(dataDir: string, filePath: string, maxBytes: number): Upload {
  const name = path.basename(filePath);
  const size = fs.statSync(filePath).size;
  if (size > maxBytes) throw new ImportError(errorIssue('limit-exceeded', `${name} is larger than the upload limit of ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES)`));
  const id = crypto.randomBytes(16).toString('hex');
  const file = path.resolve(filePath);
  fs.writeFileSync(path.join(folder(dataDir), `${id}.json`), JSON.stringify({ name, size, sha256: null, path: file }));
  return { id, name, size, sha256: null, path: file };
}

/** SHA-256 of a file, hex, read as a stream. */
export async function hashFile(filePath: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function getUpload(dataDir: string, id: string): Upload | undefined {
  if (!ID.test(id)) return undefined;
  const meta = path.join(folder(dataDir), `${id}.json`);
  if (!fs.existsSync(meta)) return undefined;
  const { name, size, sha256, path: registered, orgId } = JSON.parse(fs.readFileSync(meta, 'utf8'));
  return { id, name, size, sha256, path: registered ?? path.join(folder(dataDir), `${id}.bin`), orgId };
}

/** Records that an upload was used now (its age for sweepUploads counts from its last use). */
export function touchUpload(dataDir: string, id: string): void {
  if (!ID.test(id)) return;
  const now = new Date();
  try {
    fs.utimesSync(path.join(folder(dataDir), `${id}.json`), now, now);
  } catch {
    // deleted meanwhile: getUpload says so next time
  }
}

/**
 * Deletes the uploads last used more than `maxIdleMs` ago, except those in `keep` (in use by a
 * running import); also the copies left without their description by a crash while uploading.
 * Returns the ids deleted.
 */
export function sweepUploads(dataDir: string, options: { maxIdleMs: number; keep?: ReadonlySet<string>; now?: number }): string[] {
  const dir = folder(dataDir);
  const now = options.now ?? Date.now();
  const deleted: string[] = [];
  for (const entry of fs.readdirSync(dir)) {
    const m = /^([a-f0-9]{32})\.(json|bin)$/.exec(entry);
    if (!m || options.keep?.has(m[1]) || deleted.includes(m[1])) continue;
    let idleMs: number;
    try {
      // a copy still being written has no description yet, and a recent modification time
      idleMs = now - fs.statSync(path.join(dir, m[2] === 'bin' && fs.existsSync(path.join(dir, `${m[1]}.json`)) ? `${m[1]}.json` : entry)).mtimeMs;
    } catch {
      continue;
    }
    if (idleMs <= options.maxIdleMs) continue;
    deleteUpload(dataDir, m[1]);
    deleted.push(m[1]);
  }
  return deleted;
}

/** Forgets an upload: deletes its copy in DATA_DIR/uploads, never a file registered where it lies. */
export function deleteUpload(dataDir: string, id: string): void {
  if (!ID.test(id)) return;
  fs.rmSync(path.join(folder(dataDir), `${id}.bin`), { force: true });
  fs.rmSync(path.join(folder(dataDir), `${id}.json`), { force: true });
}

export function formatBytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MB` : `${Math.round(n / 1024)} KB`;
}
