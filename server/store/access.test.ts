import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from './db';
import { canSee, hasClearance, roleAtLeast, ROLES, visibleDatasets, visibleRecords, type Role, type Viewer } from './access';

// The one rule, as a function (canSee) and as a WHERE clause (visibleDatasets): equal row by row
// over every combination of owner, sensitivity and cleared roles, for every kind of viewer.
let db: Db;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-access-'));
const ORGS = ['org-a', 'org-b'];
const CLEARANCES = ['analyst,editor,admin', 'admin', 'viewer,admin', ''];

beforeAll(async () => {
  db = await openDatabase({ dataDir: dir });
  await migrate(db);
  const now = new Date().toISOString();
  for (const id of ORGS) await db.db.insertInto('organisations').values({ id, name: id, created_at: now }).execute();
  let n = 0;
  for (const org of ORGS) {
    for (const sensitivity of ['public', 'internal', 'restricted'] as const) {
      for (const clearance of CLEARANCES) {
        await db.db
          .insertInto('datasets')
          .values({
            id: `d${n++}`, org_id: org, name: 'Sample', kind: 'sites', source: 's', licence: 'l', data_date: null, imported_by: 't', imported_at: now,
            sensitivity, clearance_roles: clearance, file_name: null, file_hash: null, feature_count: 0, hidden: 0, style: null,
          })
          .execute();
      }
      // records that name no clearance of their own (plans here; interventions use the same clause)
      await db.db
        .insertInto('plans')
        .values({ id: `p${n++}`, org_id: org, sensitivity, title: 'Sample plan', boundary_set_id: 'sample', area_code: 'S1', created_by: 't', created_at: now, updated_by: 't', updated_at: now })
        .execute();
    }
  }
});

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const viewers: Viewer[] = [
  { id: 'nobody', email: 'n@x', orgId: 'org-c', role: 'viewer', memberships: [] },
  ...ROLES.map((role) => ({ id: role, email: `${role}@x`, orgId: 'org-a', role, memberships: [{ orgId: 'org-a', role }] })),
  { id: 'two', email: 't@x', orgId: 'org-a', role: 'viewer' as Role, memberships: [{ orgId: 'org-a', role: 'viewer' as Role }, { orgId: 'org-b', role: 'admin' as Role }] },
];

describe('the one access rule', () => {
  it('gives the same datasets as a WHERE clause as it does row by row', async () => {
    const rows = await db.db.selectFrom('datasets').select(['id', 'org_id', 'sensitivity', 'clearance_roles']).where('org_id', 'in', ORGS).execute();
    expect(rows).toHaveLength(2 * 3 * CLEARANCES.length);
    for (const v of viewers) {
      const sql = (await db.db.selectFrom('datasets').select('id').where('org_id', 'in', ORGS).where(visibleDatasets(v)).execute()).map((r) => r.id).sort();
      const fn = rows.filter((r) => canSee(v, r)).map((r) => r.id).sort();
      expect(sql, v.id).toEqual(fn);
    }
  });

  it('gives the same plans as a WHERE clause (visibleRecords, which interventions share) as it does row by row, restricted ones to the default clearance', async () => {
    const rows = await db.db.selectFrom('plans').select(['id', 'org_id', 'sensitivity']).where('org_id', 'in', ORGS).execute();
    expect(rows).toHaveLength(2 * 3);
    for (const v of viewers) {
      const sql = (await db.db.selectFrom('plans').select('id').where('org_id', 'in', ORGS).where(visibleRecords('plans', v)).execute()).map((r) => r.id).sort();
      const fn = rows.filter((r) => canSee(v, { ...r, clearance_roles: null })).map((r) => r.id).sort();
      expect(sql, v.id).toEqual(fn);
    }
  });

  it('shows public data to everyone, internal to members, restricted to the roles it names', () => {
    const row = (org_id: string, sensitivity: string, clearance_roles = 'analyst,editor,admin') => ({ org_id, sensitivity, clearance_roles });
    const [nobody, viewer, analyst, , admin, two] = viewers;
    expect(canSee(nobody, row('org-a', 'public'))).toBe(true);
    expect(canSee(nobody, row('org-a', 'internal'))).toBe(false);
    expect(canSee(viewer, row('org-a', 'internal'))).toBe(true);
    expect(canSee(viewer, row('org-a', 'restricted'))).toBe(false);
    expect(canSee(analyst, row('org-a', 'restricted'))).toBe(true);
    expect(canSee(analyst, row('org-a', 'restricted', 'admin'))).toBe(false);
    expect(canSee(admin, row('org-b', 'internal'))).toBe(false);
    // a member of two organisations with a role in each
    expect(canSee(two, row('org-b', 'restricted'))).toBe(true);
    expect(canSee(two, row('org-a', 'restricted'))).toBe(false);
    expect(hasClearance(viewer, row('org-a', 'internal'))).toBe(false);
    expect(hasClearance(analyst, row('org-a', 'internal'))).toBe(true);
  });

  it('orders the roles viewer < analyst < editor < admin', () => {
    expect(ROLES.filter((r) => roleAtLeast(r, 'editor'))).toEqual(['editor', 'admin']);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
  });
});
