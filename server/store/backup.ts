import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Db } from './db';
import { ConfigError } from './db';

/** What a backup or restore did. */
export interface BackupReport {
  file: string;
  bytes: number;
  ms: number;
}

function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) =>
      reject(new ConfigError(`${what} needs ${command} (${(err as NodeJS.ErrnoException).code}): install the PostgreSQL client tools of the server's major version.`)),
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what}: ${command} exited with ${code}: ${stderr.trim().slice(0, 2000)}`))));
  });
}

/**
 * An online, consistent backup: of the embedded database with SQLite's backup API (the server
 * may keep running and writing), of PostgreSQL with `pg_dump --format=custom`. The file is
 * written beside its name and renamed into place, so a failed backup leaves no partial file.
 */
export async function backupDatabase(db: Db, file: string, databaseUrl?: string): Promise<BackupReport> {
  const t0 = performance.now();
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    if (db.dialect === 'sqlite') await db.sqlite!.backup(partial);
    else await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${databaseUrl}`], 'The backup');
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { file: target, bytes: fs.statSync(target).size, ms: Math.round(performance.now() - t0) };
}

/** Checks that a file is a backup of Risk Atlas's embedded database that SQLite finds intact. */
function checkSqliteBackup(file: string): void {
  let backup: SQLite.Database;
  try {
    backup = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new ConfigError(`${file} cannot be opened as a SQLite database: ${(err as Error).message}`);
  }
  try {
    const integrity = backup.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new ConfigError(`${file} fails SQLite's integrity check: ${String(integrity)}`);
    const meta = backup.prepare("select name from sqlite_master where type = 'table' and name in ('app_meta', 'datasets')").all();
    if (meta.length !== 2) throw new ConfigError(`${file} is a SQLite database but not one of Risk Atlas (no app_meta or datasets table).`);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${file} is not a readable SQLite database: ${(err as Error).message}`);
  } finally {
    backup.close();
  }
}

/**
 * Replaces the database with a backup. The embedded database: the backup is checked (SQLite's
 * integrity check, Risk Atlas's tables), copied beside the live file and renamed over it, with
 * the write-ahead log removed; stop the server first. PostgreSQL: `pg_restore --clean
 * --single-transaction`, so the database is the backup's or, on an error, unchanged. Migrations
 * run at the next start bring an older backup forward.
 */
export async function restoreDatabase(opts: { dataDir: string; databaseUrl?: string }, file: string): Promise<BackupReport> {
  const t0 = performance.now();
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new ConfigError(`No backup file '${file}'.`);
  if (opts.databaseUrl) {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${opts.databaseUrl}`, source], 'The restore');
  } else {
    checkSqliteBackup(source);
    const live = path.join(opts.dataDir, 'risk-atlas.sqlite');
    const incoming = `${live}.restoring`;
    fs.copyFileSync(source, incoming);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${live}${suffix}`, { force: true });
    fs.renameSync(incoming, live);
  }
  return { file: source, bytes: fs.statSync(source).size, ms: Math.round(performance.now() - t0) };
}
