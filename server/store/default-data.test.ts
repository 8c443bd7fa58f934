import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from './db';
import { DEFAULT_ORG_ID, loadDefaultData } from './default-data';
import type { Viewer } from './access';
import { BuiltInDataset, createDatasetsStore } from './datasets-store';

let db: Db;
const airports = async () => db.db.selectFrom('datasets').select(['id', 'feature_count']).where('id', '=', 'default-airports').executeTakeFirst();

beforeAll(async () => {
  db = await openDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-default-data-')) });
  await migrate(db);
  await loadDefaultData(db);
});

afterAll(() => db?.close());

describe('built-in datasets', () => {
  it('cannot be deleted, only hidden', async () => {
    const store = createDatasetsStore(db);
    const admin: Viewer = { id: 'u1', email: 'admin@test.local', orgId: DEFAULT_ORG_ID, role: 'admin', memberships: [{ orgId: DEFAULT_ORG_ID, role: 'admin' }] };
    await expect(store.remove(admin, 'default-airports')).rejects.toThrow(BuiltInDataset);
    await expect(store.remove(admin, 'default-airports')).rejects.toThrow("Dataset 'default-airports' is built in: it can be hidden (datasets.update with hidden: true), not deleted.");
    expect(await airports()).toBeDefined();
  });

  it('come back at the next start when one was deleted (before deleting them was refused)', async () => {
    const before = Number((await airports())!.feature_count);
    await db.db.deleteFrom('datasets').where('id', '=', 'default-airports').execute();
    expect(await loadDefaultData(db)).toBe(true);
    expect(Number((await airports())!.feature_count)).toBe(before);
    expect(await db.db.selectFrom('sites').select((eb) => eb.fn.countAll().as('n')).where('dataset_id', '=', 'default-airports').executeTakeFirst()).toEqual({ n: before });
    // and the start after that loads nothing
    expect(await loadDefaultData(db)).toBe(false);
  });
});
