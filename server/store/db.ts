import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, DEFAULT_MIGRATION_TABLE, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver } from 'kysely';
import type { Database } from './schema';
import { migrationProvider } from './migrations';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for messages: a file path or a URL without password. */
  location: string;
  /**
   * The better-sqlite3 connection under `db` (embedded database only), for bulk writes. It is the
   * same connection Kysely uses: hold it with `db.connection().execute(…)` while using it.
   */
  sqlite?: SQLite.Database;
  /** The pool under `db` (PostgreSQL only), for work on one client such as COPY. */
  pool?: pg.Pool;
  /**
   * How to open another connection to the same database (openDatabase's options), for a worker
   * thread of its own (imports/import-worker.ts). Holds the URL's password: never print it.
   */
  origin: DatabaseOrigin;
  close(): Promise<void>;
}

export interface DatabaseOrigin {
  dataDir: string;
  databaseUrl?: string;
}

export interface OpenOptions extends DatabaseOrigin {
  /**
   * A second connection beside the server's (a worker thread's): on PostgreSQL its pool is small.
   * (On SQLite every connection's transactions begin IMMEDIATE, taking the write lock at once,
   * waiting up to busy_timeout for it, rather than failing when a read turns into a write.)
   */
  secondary?: boolean;
}

/** A start-up problem the user can fix; index.ts prints its message without a stack trace. */
export class ConfigError extends Error {}

/** Hides the password of a connection URL in messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Opens the embedded SQLite database in dataDir (WAL, foreign keys on), or PostgreSQL when a
 * databaseUrl is given. Checks that it can be reached and written before returning.
 */
export async function openDatabase(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.dataDir, opts.secondary ? 3 : 10);
  return openSqlite(opts.dataDir);
}

// Kysely's SQLite driver begins transactions DEFERRED.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: { database: SQLite.Database }) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

function openSqlite(dataDir: string): Db {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (err) {
    throw new ConfigError(
      `DATA_DIR '${dataDir}' cannot be created or written (${(err as NodeJS.ErrnoException).code ?? err}). ` +
        `Set DATA_DIR to a writable folder.`,
    );
  }
  const file = path.join(dataDir, 'risk-atlas.sqlite');
  let database: SQLite.Database;
  try {
    database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new ConfigError(`Cannot open the embedded database '${file}': ${(err as Error).message}`);
  }
  // Every connection's transactions begin IMMEDIATE: a DEFERRED one that reads and then writes
  // while an import worker's connection holds the write lock fails at once with SQLITE_BUSY (the
  // busy timeout cannot help a read lock turning into a write lock); 13 of 30 dataset renames
  // failed so during a 200,000-point import in the load test.
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  return { db, dialect: 'sqlite', location: file, sqlite: database, origin: { dataDir }, close: () => db.destroy() };
}

async function openPostgres(url: string, dataDir: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // A pool emits 'error' for idle clients whose server went away; log it instead of crashing.
  pool.on('error', (err) => console.error(`PostgreSQL connection error: ${err.message}`));
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(
      `Cannot reach DATABASE_URL ${redactUrl(url)}: ${e.code ? `${e.code} ` : ''}${e.message}. ` +
        `Check that PostgreSQL runs there and accepts the connection, or unset DATABASE_URL to use the embedded database.`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: redactUrl(url), pool, origin: { dataDir, databaseUrl: url }, close: () => db.destroy() };
}

/** Answers when the database does (the health check): one indexed read. */
export async function ping(handle: Db): Promise<void> {
  await handle.db.selectFrom('app_meta').select('key').limit(1).execute();
}

/** The migrations a database has applied, in order ([] for a new database). */
async function appliedMigrations(handle: Db): Promise<string[]> {
  const exists =
    handle.dialect === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${DEFAULT_MIGRATION_TABLE}`.execute(handle.db)
      : await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${DEFAULT_MIGRATION_TABLE}`.execute(handle.db);
  if (Number(exists.rows[0]?.n ?? 0) === 0) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)} order by name`.execute(handle.db);
  return rows.rows.map((r) => r.name);
}

/**
 * Applies every pending migration (`to`: only up to and including that one, for upgrade tests);
 * throws with the failing migration's name, and a ConfigError when the database was migrated by a
 * newer version (a migration this one does not know), before touching it.
 */
export async function migrate(handle: Db, to?: string): Promise<string[]> {
  const provider = migrationProvider(handle.dialect);
  const known = new Set(Object.keys(await provider.getMigrations()));
  const unknown = (await appliedMigrations(handle)).filter((name) => !known.has(name));
  if (unknown.length) {
    throw new ConfigError(
      `This database (${handle.location}) was made by a newer version of Risk Atlas: migration ${unknown.join(', ')} is unknown to this version. ` +
        `Run the newer version, or restore a backup made by this one (npm run atlas -- restore FILE).`,
    );
  }
  if (to !== undefined && !known.has(to)) throw new Error(`No migration '${to}': expected one of ${[...known].join(', ')}`);
  const migrator = new Migrator({ db: handle.db, provider });
  const { error, results } = to === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(to);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Rows per INSERT statement: under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export function batchSize(columns: number): number {
  return Math.max(1, Math.floor(30_000 / columns));
}

export { sql };
