/**
 * The fast way in for a million sites, taking rows in batches as they are read, so memory holds
 * one batch: on SQLite prepared multi-row INSERTs, one short transaction per batch under a parked
 * dataset (writeSqlite); on PostgreSQL one transaction of binary COPY into a partition of the
 * dataset's own, attached once indexed.
 */
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import type { Insertable } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Sensitivity } from '../domain/types';
import type { Db } from './db';
import type { Database } from './schema';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBinaryWriter, encodeField } from './copy-binary';

/** A site as stored, without the dataset and organisation (the same for every row). */
export interface SiteRow {
  /** A taxonomy id, checked by the caller (getCategory): written as is. */
  category: string;
  name: string;
  lng: number;
  lat: number;
  /** JSON object text. */
  props: string;
  /** A country code of the default boundaries, or null: written as is. */
  area_code: string | null;
  sensitivity: Sensitivity;
}

export interface BulkWriteOptions {
  /** Called last inside the transaction; throwing rolls everything back (a late cancel). */
  beforeCommit?: () => void;
  /** Called after each batch is handed to the database, with the number of sites so far. */
  onBatch?: (written: number) => void;
  /**
   * Called after the last batch, for a file hash known only once the file has been read (a file
   * hashed as it streams): written to the dataset row when not null.
   */
  fileHash?: () => string | null;
}

const COLUMNS = ['dataset_id', 'org_id', 'sensitivity', 'category', 'name', 'lng', 'lat', 'props', 'area_code'] as const;
// Rows per prepared INSERT on SQLite: 100 × 9 parameters, well under its 32,766.
const ROWS_PER_INSERT = 100;

/**
 * Inserts `dataset` and then every batch of `rows` as its sites, in one transaction; sets the
 * dataset's feature_count to the number of sites (and its file_hash, when `fileHash` gives one)
 * and commits. An error thrown by the database or by the iteration of `rows` (a cancel) rolls
 * everything back. Returns the number of sites.
 *
 * @example
 * const count = await writeSitesBulk(handle, datasetRow, batchesOfRows, { beforeCommit: throwIfCancelled });
 */
export async function writeSitesBulk(handle: Db, dataset: Insertable<Database['datasets']>, rows: AsyncIterable<SiteRow[]>, options: BulkWriteOptions = {}): Promise<number> {
  if (handle.sqlite) return writeSqlite(handle, handle.sqlite, dataset, rows, options);
  if (handle.pool) return writePostgres(handle, handle.pool, dataset, rows, options);
  throw new Error(`No bulk writer for the ${handle.dialect} database at ${handle.location}: it was not opened by openDatabase`);
}

/**
 * The organisation that owns a dataset while the embedded database writes it in slices: no one is
 * a member, so the one access rule (access.ts) hides it everywhere until it is complete.
 */
export const IMPORTING_ORG_ID = 'importing';
const PARKED_BY = 'importing:';

/**
 * On the embedded database one connection serves every request, so one long transaction would
 * hold them all (a 1,000,000-point import froze the API for its whole length). The sites go in
 * instead as one short transaction per batch, under a dataset row parked with IMPORTING_ORG_ID,
 * which a last transaction hands to its organisation with its count; between two batches the
 * connection answers other queries. A failure or a cancel deletes what was written; a crash
 * leaves a parked dataset that the next start deletes (sweepParkedImports).
 */
async function writeSqlite(handle: Db, raw: NonNullable<Db['sqlite']>, dataset: Insertable<Database['datasets']>, rows: AsyncIterable<SiteRow[]>, options: BulkWriteOptions): Promise<number> {
  const parked = { ...dataset, org_id: IMPORTING_ORG_ID, sensitivity: 'restricted' as const, clearance_roles: '', imported_by: `${PARKED_BY}${os.hostname()}:${process.pid}` };
  const insertDataset = handle.db.insertInto('datasets').values(parked).compile();
  const insertSql = (n: number) => `insert into sites (${COLUMNS.join(', ')}) values ${Array(n).fill(`(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`;
  // Each step holds Kysely's connection, so that no other query runs inside its transaction.
  const step = <T>(fn: () => T): Promise<T> =>
    handle.db.connection().execute(async () => {
      // Per-row foreign-key checks cost as much as the inserts themselves (5 s for 1M rows): the
      // two parents are checked once instead — the dataset is inserted first, the organisation there.
      const foreignKeys = raw.pragma('foreign_keys', { simple: true });
      raw.pragma('foreign_keys = OFF');
      raw.exec('BEGIN IMMEDIATE');
      try {
        const result = fn();
        raw.exec('COMMIT');
        return result;
      } catch (err) {
        if (raw.inTransaction) raw.exec('ROLLBACK');
        throw err;
      } finally {
        raw.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
      }
    });
  await step(() => {
    if (!raw.prepare('select 1 from organisations where id = ?').get(dataset.org_id)) throw new Error(`No organisation '${dataset.org_id}' for dataset '${dataset.id}'`);
    raw.prepare(insertDataset.sql).run(...insertDataset.parameters);
  });
  const many = raw.prepare(insertSql(ROWS_PER_INSERT));
  const one = raw.prepare(insertSql(1));
  const values: unknown[] = [];
  let count = 0;
  try {
    for await (const batch of rows) {
      await step(() => {
        let i = 0;
        for (; i + ROWS_PER_INSERT <= batch.length; i += ROWS_PER_INSERT) {
          values.length = 0;
          for (let k = i; k < i + ROWS_PER_INSERT; k++) pushValues(values, dataset, batch[k]);
          many.run(values);
        }
        for (; i < batch.length; i++) {
          values.length = 0;
          pushValues(values, dataset, batch[i]);
          one.run(values);
        }
      });
      count += batch.length;
      options.onBatch?.(count);
    }
    // the hand-over: the dataset appears whole, with its count, or not at all
    await step(() => {
      raw
        .prepare('update datasets set org_id = ?, sensitivity = ?, clearance_roles = ?, imported_by = ?, feature_count = ?, file_hash = coalesce(?, file_hash) where id = ?')
        .run(dataset.org_id, dataset.sensitivity, dataset.clearance_roles ?? 'analyst,editor,admin', dataset.imported_by, count, options.fileHash?.() ?? null, dataset.id);
      options.beforeCommit?.();
    });
    return count;
  } catch (err) {
    await deleteParked(handle, raw, String(dataset.id)).catch((e) => console.error(`import: cannot delete the unfinished dataset '${dataset.id}': ${(e as Error).message}`));
    throw err;
  }
}

async function deleteParked(handle: Db, raw: NonNullable<Db['sqlite']>, id: string): Promise<void> {
  await handle.db.connection().execute(async () => {
    raw.exec('BEGIN IMMEDIATE');
    try {
      raw.prepare('delete from sites where dataset_id = ?').run(id);
      raw.prepare('delete from datasets where id = ? and org_id = ?').run(id, IMPORTING_ORG_ID);
      raw.exec('COMMIT');
    } catch (err) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw err;
    }
  });
}

/**
 * Deletes the datasets an embedded-database import left parked when its process died (a crash, a
 * kill): those of this host whose process is gone. Returns their ids. Called at start.
 */
export async function sweepParkedImports(handle: Db): Promise<string[]> {
  if (!handle.sqlite) return [];
  const parked = await handle.db.selectFrom('datasets').select(['id', 'imported_by']).where('org_id', '=', IMPORTING_ORG_ID).execute();
  const swept: string[] = [];
  for (const d of parked) {
    const [host, pid] = d.imported_by.slice(PARKED_BY.length).split(':');
    if (host === os.hostname() && pid && isAlive(Number(pid)) && Number(pid) !== process.pid) continue;
    if (host !== os.hostname()) continue;
    await deleteParked(handle, handle.sqlite, d.id);
    swept.push(d.id);
  }
  return swept;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pushValues(values: unknown[], dataset: Insertable<Database['datasets']>, row: SiteRow): void {
  values.push(dataset.id, dataset.org_id, row.sensitivity, row.category, row.name, row.lng, row.lat, row.props, row.area_code);
}

async function writePostgres(handle: Db, pool: NonNullable<Db['pool']>, dataset: Insertable<Database['datasets']>, rows: AsyncIterable<SiteRow[]>, options: BulkWriteOptions): Promise<number> {
  const insertDataset = handle.db.insertInto('datasets').values(dataset).compile();
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query(insertDataset.sql, insertDataset.parameters as unknown[]);
    // The dataset's own partition of sites (migration 004), created bare so that COPY writes no
    // index entry and fires no trigger. Its checks hold every row to this dataset and this
    // organisation — which exists: the dataset row refers to it — and spare ATTACH a scan.
    const { rows: [{ name }] } = await client.query<{ name: string }>('SELECT sites_partition_name($1) AS name', [dataset.id]);
    const partition = client.escapeIdentifier(name);
    const datasetId = client.escapeLiteral(String(dataset.id));
    await client.query(`CREATE TABLE ${partition} (LIKE sites INCLUDING DEFAULTS, CHECK (dataset_id = ${datasetId}), CHECK (org_id = ${client.escapeLiteral(String(dataset.org_id))}))`);
    let count = 0;
    // Fields that repeat (the dataset, the organisation, categories, countries) are encoded once.
    const fields = new Map<string, Buffer>();
    const field = (value: string) => {
      let f = fields.get(value);
      if (!f) fields.set(value, (f = encodeField(value)));
      return f;
    };
    const datasetField = field(String(dataset.id));
    const orgField = field(String(dataset.org_id));
    const noArea = encodeField(null);
    // Binary COPY: numbers go over as 8 bytes, and the server parses no text for them. A failing
    // batch (or a cancel) destroys the COPY stream, which sends CopyFail: the server drops what it
    // took, and the ROLLBACK below drops the partition and the dataset row.
    async function* binary() {
      yield COPY_BINARY_HEADER;
      const out = new CopyBinaryWriter();
      for await (const batch of rows) {
        for (const r of batch) {
          out.row(COLUMNS.length).encoded(datasetField).encoded(orgField).encoded(field(r.sensitivity)).encoded(field(r.category));
          out.text(r.name).float8(r.lng).float8(r.lat).text(r.props).encoded(r.area_code === null ? noArea : field(r.area_code));
        }
        yield out.take();
        count += batch.length;
        options.onBatch?.(count);
      }
      yield COPY_BINARY_TRAILER;
    }
    await pipeline(binary, client.query(copyFrom(`COPY ${partition} (${COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`)));
    // The primary key built by sorting, once: 0.3 s for 1M rows where keeping it up row by row
    // cost the COPY 0.6 s. No other index: the partition holds the dataset alone, and its sites
    // are read all together, in id order (only the airports are asked for by country).
    await client.query(`ALTER TABLE ${partition} ADD PRIMARY KEY (id)`);
    // Statistics at once, so that the first reads of the new layer plan well: from a sample of
    // 3,000 rows (0.04 s for 1M; the default sample of 30,000 took 0.4 s), enough for such reads.
    await client.query('SET LOCAL default_statistics_target = 10');
    await client.query(`ANALYZE ${partition}`);
    await client.query(`ALTER TABLE sites ATTACH PARTITION ${partition} FOR VALUES IN (${datasetId})`);
    await client.query('UPDATE datasets SET feature_count = $1, file_hash = coalesce($2, file_hash) WHERE id = $3', [count, options.fileHash?.() ?? null, dataset.id]);
    options.beforeCommit?.();
    await client.query('COMMIT');
    return count;
  } catch (err) {
    failure = err as Error;
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    // after a failed COPY, a fresh connection is safer than one that might still be in copy mode
    client.release(failure);
  }
}
