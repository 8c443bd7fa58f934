import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One door to the database: only the stores (server/store) read and write it, so that every read
// goes through a store that takes the viewer and applies the access rule (store/access.ts). The
// import service keeps its own table of runs (import_runs) and is the one documented exception.
const SERVER = import.meta.dirname;
const ALLOWED = new Set(['imports/import-service.ts']);

/** What reaches the database directly: Kysely's query builders, raw sql, better-sqlite3 and pg. */
const DIRECT = [
  { what: 'a Kysely query', pattern: /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|with)\s*\(\s*['"`]/ },
  { what: 'a Kysely transaction', pattern: /\.transaction\(\)\s*\.execute/ },
  { what: 'the Kysely schema builder', pattern: /\.schema\s*\.\s*(createTable|alterTable|dropTable|createIndex)\b/ },
  { what: 'raw sql', pattern: /\bsql\s*(<[^>]*>)?\s*`/ },
  { what: 'a better-sqlite3 statement', pattern: /\.(prepare|pragma)\s*\(\s*['"`]/ },
  { what: 'a PostgreSQL pool query', pattern: /\.(pool|client)\s*\.\s*query\s*\(/ },
  { what: 'a database driver import', pattern: /from\s+['"](kysely|better-sqlite3|pg|pg-copy-streams)['"]/ },
  { what: 'the database handle of the services', pattern: /\b(ctx|services)\.db\.(db|sqlite|pool)\b/ },
];

/** The first direct database access in a source, or null. */
export function directAccess(source: string): { line: number; what: string; text: string } | null {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // a type-only import reaches nothing
    if (/^\s*import\s+type\b/.test(lines[i])) continue;
    for (const { what, pattern } of DIRECT) if (pattern.test(lines[i])) return { line: i + 1, what, text: lines[i].trim() };
  }
  return null;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sources(file);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [file] : [];
  });
}

describe('one door to the database', () => {
  it('recognises each kind of direct access', () => {
    expect(directAccess("const n = await db.db.selectFrom('datasets').selectAll().execute();")?.what).toBe('a Kysely query');
    expect(directAccess("await services.db.db.insertInto('memberships').values(row).execute();")?.what).toBe('a Kysely query');
    expect(directAccess('await sql`select 1`.execute(db);')?.what).toBe('raw sql');
    expect(directAccess("const rows = handle.sqlite.prepare('select * from sites').all();")?.what).toBe('a better-sqlite3 statement');
    expect(directAccess("import { sql } from 'kysely';")?.what).toBe('a database driver import');
    expect(directAccess("import type { Kysely } from 'kysely';")).toBeNull();
    expect(directAccess('const m = /^(\\d+)$/.exec(text); const s = store.select(viewer);')).toBeNull();
  });

  it('is reached only through the stores (server/store) and the documented exception', () => {
    const offenders: string[] = [];
    for (const file of sources(SERVER)) {
      const rel = path.relative(SERVER, file).split(path.sep).join('/');
      if (rel.startsWith('store/') || ALLOWED.has(rel)) continue;
      const hit = directAccess(fs.readFileSync(file, 'utf8'));
      if (hit) offenders.push(`server/${rel}:${hit.line}: ${hit.what} (${hit.text.slice(0, 120)})`);
    }
    expect(offenders, 'move these reads and writes into a store under server/store that takes the viewer').toEqual([]);
  });
});
