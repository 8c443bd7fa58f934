import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from './db';
import { createAccountsStore } from './accounts-store';
import { DEFAULT_ORG_ID } from './default-data';

let db: Db;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-atlas-accounts-'));

beforeAll(async () => {
  db = await openDatabase({ dataDir: dir });
  await migrate(db);
  await db.db.insertInto('organisations').values({ id: DEFAULT_ORG_ID, name: 'Default organisation', created_at: new Date().toISOString() }).execute();
});

afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('accounts store', () => {
  it('ends a session when it expires, even one read a moment before', async () => {
    // sessions of four seconds
    const accounts = createAccountsStore(db, { sessionHours: 4 / 3600 });
    await accounts.createUser({ email: 'expiring@test.local', password: 'a long sample password', orgId: DEFAULT_ORG_ID, role: 'viewer' });
    const { token, expiresAt } = await accounts.signIn('expiring@test.local', 'a long sample password');
    const expires = Date.parse(expiresAt);
    // the clock is what is under test: read the session in its last second (the store keeps it a
    // few seconds for the next requests), then again once it has expired
    while (Date.now() < expires - 1000) await new Promise((r) => setTimeout(r, 20));
    expect((await accounts.viewerOf(token))?.email).toBe('expiring@test.local');
    while (Date.now() <= expires) await new Promise((r) => setTimeout(r, 20));
    expect(await accounts.viewerOf(token)).toBeNull();
    expect(await db.db.selectFrom('sessions').select('token_hash').where('expires_at', '=', expiresAt).execute()).toEqual([]);
  });

  it('adds an organisation only for an admin of the default organisation, who becomes its admin; lists each user’s own', async () => {
    const accounts = createAccountsStore(db);
    await accounts.createUser({ email: 'operator@test.local', password: 'a long sample password', orgId: DEFAULT_ORG_ID, role: 'admin' });
    await accounts.createUser({ email: 'editor@test.local', password: 'a long sample password', orgId: DEFAULT_ORG_ID, role: 'editor' });
    const operator = (await accounts.viewerByEmail('operator@test.local'))!;
    const editor = (await accounts.viewerByEmail('editor@test.local'))!;
    await expect(accounts.addOrganisation(editor, 'Sample refused')).rejects.toThrow('Adding an organisation needs the admin role in the default organisation; editor@test.local has editor.');
    expect((await accounts.organisations(operator)).map((o) => o.name)).toEqual(['Default organisation']);
    const added = await accounts.addOrganisation(operator, 'Sample partner');
    const after = (await accounts.viewerByEmail('operator@test.local', added.id))!;
    expect(after.memberships).toContainEqual({ orgId: added.id, role: 'admin' });
    expect((await accounts.organisations(operator)).map((o) => o.name)).toEqual(['Default organisation', 'Sample partner']);
    // an editor of the default organisation sees only it
    expect((await accounts.organisations(editor)).map((o) => o.name)).toEqual(['Default organisation']);
  });
});
