import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from './db';
import { createLayersStore } from './layers-store';
import { PUBLIC_READER, type Viewer } from './access';
import { DEFAULT_SOURCES } from '../../data/sources';

// The built-in layers are read for a viewer like every other dataset: one whose dataset they may
// not see (here the countries, made internal to one organisation) is refused, not served.
let db: Db;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-layers-'));
const member: Viewer = { id: 'u1', email: 'member@test.local', orgId: 'org-a', role: 'viewer', memberships: [{ orgId: 'org-a', role: 'viewer' }] };

beforeAll(async () => {
  db = await openDatabase({ dataDir: dir });
  await migrate(db);
  const now = new Date().toISOString();
  await db.db.insertInto('organisations').values({ id: 'org-a', name: 'Sample org A', created_at: now }).execute();
  const dataset = (id: string, sensitivity: 'public' | 'internal') => ({
    id, org_id: 'org-a', name: 'Sample', kind: 'boundaries', source: 's', licence: 'l', data_date: null, imported_by: 't', imported_at: now,
    sensitivity, file_name: null, file_hash: null, feature_count: 0, hidden: 0, style: null,
  });
  await db.db.insertInto('datasets').values([dataset(DEFAULT_SOURCES.countries.datasetId, 'internal'), dataset(DEFAULT_SOURCES.borders.datasetId, 'public')]).execute();
});

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('layers store', () => {
  it('gives a built-in layer only to a viewer who may see its dataset', async () => {
    const layers = createLayersStore(db);
    await expect(layers.countries(PUBLIC_READER)).rejects.toThrow("No layer 'countries'");
    await expect(layers.countryFacts(PUBLIC_READER, 'NPL')).rejects.toThrow("No layer 'countries'");
    await expect(layers.borderlandZone(PUBLIC_READER, 50)).rejects.toThrow("No layer 'countries'");
    expect((await layers.countries(member)).features).toEqual([]);
    expect((await layers.borders(PUBLIC_READER)).features).toEqual([]);
    // airports and places have no dataset here: nobody reads them
    await expect(layers.airports(member)).rejects.toThrow("No layer 'airports'");
    expect((await layers.listLayers(PUBLIC_READER)).map((l) => l.id)).toEqual(['borderland']);
    expect((await layers.listLayers(member)).map((l) => l.id)).toEqual(['countries', 'borderland']);
  });
});
