import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/store/db';
import { runAtlas } from '../helpers/atlas-cli';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { snapshotTables } from '../helpers/db-snapshot';

// The restore drill: back up, change, restore, compare every table — on the database this run uses.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-backup-'));
const env = { ATLAS_ADMIN_EMAIL: 'admin@test.local', ATLAS_ADMIN_PASSWORD: 'test-admin-password' };
let databaseUrl: string | undefined;

const atlas = (args: string[], stdin = '') => runAtlas({ dataDir, databaseUrl }, args, stdin, env);

/** Every row of every table, as sorted JSON lines per table. */
async function snapshot(): Promise<Record<string, string[]>> {
  const db: Db = await openDatabase({ dataDir, databaseUrl });
  try {
    return await snapshotTables(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) databaseUrl = await createTempDatabase(process.env.DATABASE_URL);
});

afterAll(async () => {
  if (databaseUrl) await dropTempDatabase(databaseUrl);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run atlas -- backup / restore', () => {
  it('restores every table as it was when backed up, after imports and a new user', async () => {
    const sites = path.join(dataDir, 'sample-stops.csv');
    fs.writeFileSync(sites, 'name,lat,lon\nSample stop A,27.70,85.30\nSample stop B,28.20,83.98\n');
    const first = await atlas(['import', sites, '--kind', 'sites', '--category', 'transit.bus-station', '--name', 'Sample stops']);
    expect(first.code, first.stderr).toBe(0);
    const before = await snapshot();
    expect(before.datasets.some((r) => r.includes('Sample stops'))).toBe(true);

    const file = path.join(dataDir, 'atlas.backup');
    const backup = await atlas(['backup', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^backed up .* to .*atlas\.backup \(\d+\.\d MB, \d+ ms\)/);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // changes after the backup: another dataset, another user
    const more = path.join(dataDir, 'sample-more.csv');
    fs.writeFileSync(more, 'name,lat,lon\nSample stop C,25.60,85.10\n');
    expect((await atlas(['import', more, '--kind', 'sites', '--category', 'transit.bus-station', '--name', 'Sample more stops'])).code).toBe(0);
    expect((await atlas(['users', 'add', 'later@test.local', '--org', 'default', '--role', 'viewer'], 'a later password\n')).code).toBe(0);
    const changed = await snapshot();
    expect(changed.datasets.length).toBe(before.datasets.length + 1);

    const restore = await atlas(['restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    const after = await snapshot();
    // the backup's audit events are restored too; the restore's own run adds none to the restored database
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  }, 240_000);

  it('refuses a file that is not a backup, and changes nothing', async () => {
    const bogus = path.join(dataDir, 'not-a-backup.bin');
    fs.writeFileSync(bogus, 'this is not a database');
    const before = await snapshot();
    const r = await atlas(['restore', bogus]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(databaseUrl ? /The restore: pg_restore exited with 1/ : /not-a-backup\.bin (cannot be opened as|is not) a/);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it('is for the installation’s administrators only', async () => {
    expect((await atlas(['users', 'add', 'editor@test.local', '--org', 'default', '--role', 'editor'], 'an editor password\n')).code).toBe(0);
    const r = await atlas(['backup', path.join(dataDir, 'x.backup'), '--as', 'editor@test.local']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("atlas: editor@test.local is editor in 'default'; this needs admin.");
    expect(fs.existsSync(path.join(dataDir, 'x.backup'))).toBe(false);
  }, 60_000);
});
