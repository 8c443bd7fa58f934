import { sql } from 'kysely';
import type { Db } from '../../server/store/db';

/** The tables of a database (on PostgreSQL the partitioned parents, not their partitions). */
export async function tableNames(db: Db): Promise<string[]> {
  return db.dialect === 'sqlite'
    ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db.db)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition order by 1`.execute(db.db)).rows.map((r) => r.name);
}

/** Every row of every table, as sorted JSON lines per table, for comparing two states of a database. */
export async function snapshotTables(db: Db): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tableNames(db)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(db.db)).rows;
    out[t] = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Date ? v.toISOString() : v))).sort();
  }
  return out;
}
