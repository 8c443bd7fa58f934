// Migrations only go forward: from an empty database, and from a database made by the previous
// release's migrations with data in it (every row kept, the new tables usable), on the database
// this run uses. A database migrated by a newer version is refused before anything is touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ConfigError, migrate, openDatabase, type Db } from '../../server/store/db';
import { migrationProvider } from '../../server/store/migrations';
import { loadDefaultData } from '../../server/store/default-data';
import { createServices } from '../../server/context';
import { registerFile } from '../../server/imports/uploads';
import { importRequestSchema } from '../../server/imports/import-request';
import { adminViewer } from '../helpers/auth';
import { createTempDatabase, dropTempDatabase } from '../helpers/pg';
import { snapshotTables, tableNames } from '../helpers/db-snapshot';
import { caught } from '../helpers/caught';

/**
 * The last migration of the previous release (there is no tagged release yet: the state before
 * the plans of issue 10, added in 704e9af). Move it forward at each release.
 */
const PREVIOUS_RELEASE = '010_interventions';

const opened: { db: Db; dataDir: string; url?: string }[] = [];

async function freshDatabase() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-migrations-'));
  const url = process.env.DATABASE_URL ? await createTempDatabase(process.env.DATABASE_URL) : undefined;
  const db = await openDatabase({ dataDir, databaseUrl: url });
  opened.push({ db, dataDir, url });
  return { db, dataDir };
}

afterEach(async () => {
  for (const { db, dataDir, url } of opened.splice(0)) {
    await db.close();
    if (url) await dropTempDatabase(url);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

const allMigrations = async (db: Db) => Object.keys(await migrationProvider(db.dialect).getMigrations()).sort();

describe('migrations', () => {
  it('apply from an empty database, in order, once', async () => {
    const { db } = await freshDatabase();
    expect(await tableNames(db)).toEqual([]);
    const applied = await migrate(db);
    expect(applied).toEqual(await allMigrations(db));
    expect(await migrate(db)).toEqual([]);
    expect(await tableNames(db)).toEqual(expect.arrayContaining(['datasets', 'areas', 'sites', 'users', 'interventions', 'plans', 'plan_items', 'saved_views', 'import_runs']));
    await loadDefaultData(db);
    const services = createServices(db, { dataDir: os.tmpdir() });
    expect((await services.datasets.list(adminViewer())).length).toBeGreaterThan(0);
  });

  it("upgrade a database made by the previous release's migrations, keeping every row", async () => {
    const { db, dataDir } = await freshDatabase();
    const previous = await migrate(db, PREVIOUS_RELEASE);
    const later = (await allMigrations(db)).filter((m) => m > PREVIOUS_RELEASE);
    expect(previous.at(-1)).toBe(PREVIOUS_RELEASE);
    expect(later.length).toBeGreaterThan(0);
    expect(await tableNames(db)).not.toContain('plans');

    // what an office has in it: the default layers, an imported dataset, an account, an intervention
    await loadDefaultData(db);
    const services = createServices(db, { dataDir });
    const admin = adminViewer();
    const csv = path.join(dataDir, 'sample-stops.csv');
    fs.writeFileSync(csv, 'name,lat,lon\nSample stop A,27.70,85.30\nSample stop B,28.20,83.98\n');
    const upload = registerFile(dataDir, csv, 1e9);
    const { jobId, done } = services.imports.start(upload.id, importRequestSchema.parse({ kind: 'sites', name: 'Sample stops', category: 'transit.bus-station' }), admin);
    await done;
    expect(services.imports.status(jobId, admin)?.phase).toBe('published');
    await services.accounts.createUser({ email: 'sample.viewer@test.local', password: 'a sample password', orgId: 'default', role: 'viewer' });
    const intervention = await services.interventions.create(admin, { title: 'Sample outreach', actionArea: '5.1', targets: [{ kind: 'area', boundarySetId: 'world-atlas-50m-admin0', code: 'NPL' }] } as never);
    const before = await snapshotTables(db);
    expect(before.datasets.some((r) => r.includes('Sample stops'))).toBe(true);

    expect(await migrate(db)).toEqual(later);
    const after = await snapshotTables(db);
    for (const table of Object.keys(before)) {
      if (table === 'kysely_migration') expect(after[table].length, table).toBe(before[table].length + later.length);
      else expect(after[table], table).toEqual(before[table]);
    }
    // the later migrations' tables work on the upgraded data
    const { record: plan } = await services.plans.create(admin, { boundarySetId: 'world-atlas-50m-admin0', areaCode: 'NPL', title: 'Sample plan', items: [{ interventionId: intervention.id }] } as never);
    expect((await services.plans.list(admin)).map((p) => p.id)).toEqual([plan.id]);
    expect(plan.items.map((i) => i.interventionId)).toEqual([intervention.id]);
    expect((await services.datasets.list(admin)).find((d) => d.name === 'Sample stops')?.featureCount).toBe(2);
    const view = await services.views.create(admin, { name: 'Sample view', query: 'v=85,28,6&l=countries,d:x' });
    expect((await services.views.list(admin)).map((v) => [v.id, v.query])).toEqual([[view.id, 'v=85,28,6&l=countries,d:x']]);
  });

  it('refuse a database made by a newer version, naming the unknown migration, and leave it as it was', async () => {
    const { db } = await freshDatabase();
    await migrate(db);
    await sql`insert into kysely_migration (name, timestamp) values (${'999_from_the_future'}, ${new Date().toISOString()})`.execute(db.db);
    const before = await snapshotTables(db);
    const error = await caught<Error>(() => migrate(db));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^This database \(.+\) was made by a newer version of Risk Atlas: migration 999_from_the_future is unknown to this version\. Run the newer version, or restore a backup made by this one/);
    expect(await snapshotTables(db)).toEqual(before);
  });
});
