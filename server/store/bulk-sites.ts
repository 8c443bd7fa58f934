/**
 * The fast way in for a million sites: a dataset row and its sites written in one transaction by
 * each database's bulk path — prepared multi-row INSERTs on SQLite, COPY … FROM STDIN on
 * PostgreSQL — taking rows in batches as they are read, so memory holds one batch.
 */
import { pipeline } from 'node:stream/promises';
import type { Insertable } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Sensitivity } from '../domain/types';
import type { Db } from './db';
import type { Database } from './schema';

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
}

const COLUMNS = ['dataset_id', 'org_id', 'sensitivity', 'category', 'name', 'lng', 'lat', 'props', 'area_code'] as const;
// Rows per prepared INSERT on SQLite: 100 × 9 parameters, well under its 32,766.
const ROWS_PER_INSERT = 100;

/**
 * Inserts `dataset` and then every batch of `rows` as its sites, in one transaction; sets the
 * dataset's feature_count to the number of sites and commits. An error thrown by the database or
 * by the iteration of `rows` (a cancel) rolls everything back. Returns the number of sites.
 *
 * @example
 * const count = await writeSitesBulk(handle, datasetRow, batchesOfRows, { beforeCommit: throwIfCancelled });
 */
export async function writeSitesBulk(handle: Db, dataset: Insertable<Database['datasets']>, rows: AsyncIterable<SiteRow[]>, options: BulkWriteOptions = {}): Promise<number> {
  if (handle.sqlite) return writeSqlite(handle, handle.sqlite, dataset, rows, options);
  if (handle.pool) return writePostgres(handle, handle.pool, dataset, rows, options);
  throw new Error(`No bulk writer for the ${handle.dialect} database at ${handle.location}: it was not opened by openDatabase`);
}

async function writeSqlite(handle: Db, raw: NonNullable<Db['sqlite']>, dataset: Insertable<Database['datasets']>, rows: AsyncIterable<SiteRow[]>, options: BulkWriteOptions): Promise<number> {
  const insertDataset = handle.db.insertInto('datasets').values(dataset).compile();
  const insertSql = (n: number) => `insert into sites (${COLUMNS.join(', ')}) values ${Array(n).fill(`(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`;
  // Hold Kysely's connection, so that no other query runs inside this transaction.
  return handle.db.connection().execute(async () => {
    // Per-row foreign-key checks cost as much as the inserts themselves (5 s for 1M rows): the
    // two parents are checked once instead — the dataset is inserted here, the organisation below.
    const foreignKeys = raw.pragma('foreign_keys', { simple: true });
    raw.pragma('foreign_keys = OFF');
    raw.exec('BEGIN IMMEDIATE');
    try {
      raw.prepare(insertDataset.sql).run(...insertDataset.parameters);
      if (!raw.prepare('select 1 from organisations where id = ?').get(dataset.org_id)) throw new Error(`No organisation '${dataset.org_id}' for dataset '${dataset.id}'`);
      const many = raw.prepare(insertSql(ROWS_PER_INSERT));
      const one = raw.prepare(insertSql(1));
      const values: unknown[] = [];
      let count = 0;
      for await (const batch of rows) {
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
        count += batch.length;
        options.onBatch?.(count);
      }
      raw.prepare('update datasets set feature_count = ? where id = ?').run(count, dataset.id);
      options.beforeCommit?.();
      raw.exec('COMMIT');
      return count;
    } catch (err) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw err;
    } finally {
      raw.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  });
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
    let count = 0;
    const prefix = `${copyText(String(dataset.id))}\t${copyText(String(dataset.org_id))}\t`;
    // A failing batch (or a cancel) destroys the COPY stream, which sends CopyFail: the server
    // drops what it took, and the ROLLBACK below drops the dataset row.
    async function* text() {
      for await (const batch of rows) {
        let chunk = '';
        for (const r of batch) {
          // categories (taxonomy ids) and area codes need no escaping; names and props may
          chunk += `${prefix}${r.sensitivity}\t${r.category}\t${copyText(r.name)}\t${r.lng}\t${r.lat}\t${copyText(r.props)}\t${r.area_code ?? '\\N'}\n`;
        }
        yield chunk;
        count += batch.length;
        options.onBatch?.(count);
      }
    }
    await pipeline(text, client.query(copyFrom(`COPY sites (${COLUMNS.join(', ')}) FROM STDIN`)));
    await client.query('UPDATE datasets SET feature_count = $1 WHERE id = $2', [count, dataset.id]);
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

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/**
 * Text as a field of COPY's text format: backslash, tab, line breaks escaped. NUL characters,
 * which PostgreSQL text cannot hold, are dropped.
 */
export function copyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : text;
}
