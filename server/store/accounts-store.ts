import crypto from 'node:crypto';
import type { Db } from './db';
import { ROLES, roleAtLeast, roleIn, suppressionKOf, type Role, type Viewer } from './access';
import { DEFAULT_ORG_ID } from './default-data';
import { hashPassword, oneTimePassword, passwordProblem, verifyPassword } from '../auth/passwords';
import { IMPORTING_ORG_ID } from './bulk-sites';

export interface AccountsOptions {
  /** @default 12 — hours a session lasts from sign-in. */
  sessionHours?: number;
  /** @default 5 — failed sign-ins in a row that lock an account. */
  maxFailures?: number;
  /** @default 15 — minutes an account stays locked. */
  lockMinutes?: number;
}

const defaultOptions: Required<AccountsOptions> = { sessionHours: 12, maxFailures: 5, lockMinutes: 15 };

/** A refusal the user can act on; the HTTP layer turns it into a 4xx with this message. */
export class AccountError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 423,
    message: string,
  ) {
    super(message);
  }
}

/** A viewer as /api/me shows it. */
export interface SessionUser extends Viewer {
  name: string;
  mustChangePassword: boolean;
  organisations: { id: string; name: string; role: Role }[];
}

const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const normaliseEmail = (email: string) => email.trim().toLowerCase();
const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Users, organisations, memberships and sessions. Passwords are scrypt hashes; tokens are stored hashed. */
export function createAccountsStore({ db }: Db, options: AccountsOptions = {}) {
  const opts = { ...defaultOptions, ...options };
  // Sessions as read in the last seconds: a tile-heavy page asks dozens of times a second. Any
  // change to accounts here clears it; another app server's change is seen within CACHE_MS.
  const CACHE_MS = 3_000;
  const recent = new Map<string, { at: number; user: SessionUser | null; expires: number }>();
  const forget = () => recent.clear();

  async function organisationsOf(userId: string) {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .select(['organisations.id', 'organisations.name', 'memberships.role'])
      .where('memberships.user_id', '=', userId)
      .orderBy('organisations.name')
      .execute();
    return rows.filter((r) => isRole(r.role)).map((r) => ({ id: r.id, name: r.name, role: r.role as Role }));
  }

  async function sessionUser(userId: string, orgId: string): Promise<SessionUser | null> {
    const user = await db.selectFrom('users').select(['id', 'email', 'name', 'must_change_password']).where('id', '=', userId).executeTakeFirst();
    if (!user) return null;
    const organisations = await organisationsOf(userId);
    const active = organisations.find((o) => o.id === orgId) ?? organisations[0];
    if (!active) return null;
    return {
      id: user.id, email: user.email, name: user.name, orgId: active.id, role: active.role,
      memberships: organisations.map((o) => ({ orgId: o.id, role: o.role })), organisations,
      mustChangePassword: Boolean(Number(user.must_change_password)),
    };
  }

  async function findOrg(idOrName: string) {
    return db
      .selectFrom('organisations')
      .select(['id', 'name', 'suppression_k'])
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .where('id', '!=', IMPORTING_ORG_ID)
      .executeTakeFirst();
  }

  async function readSession(hash: string): Promise<{ user: SessionUser | null; expires: number }> {
    const session = await db.selectFrom('sessions').select(['user_id', 'org_id', 'expires_at']).where('token_hash', '=', hash).executeTakeFirst();
    if (!session) return { user: null, expires: Infinity };
    const expires = Date.parse(session.expires_at);
    if (expires <= Date.now()) {
      await db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
      return { user: null, expires: Infinity };
    }
    return { user: await sessionUser(session.user_id, session.org_id), expires };
  }

  const store = {
    async userCount(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Creates a user with a membership; refuses a taken e-mail or a weak password. */
    async createUser(input: { email: string; name?: string; password: string; orgId: string; role: Role; mustChangePassword?: boolean }) {
      const email = normaliseEmail(input.email);
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AccountError(400, `'${input.email}' is not an e-mail address.`);
      const problem = passwordProblem(input.password);
      if (problem) throw new AccountError(400, problem);
      if (!(await findOrg(input.orgId))) throw new AccountError(404, `No organisation '${input.orgId}'.`);
      const id = `u-${crypto.randomBytes(8).toString('hex')}`;
      const password_hash = await hashPassword(input.password);
      await db.transaction().execute(async (trx) => {
        const taken = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
        if (taken) throw new AccountError(409, `A user with the e-mail ${email} exists already.`);
        await trx
          .insertInto('users')
          .values({ id, email, name: input.name?.trim() || email, password_hash, must_change_password: input.mustChangePassword ? 1 : 0, failed_attempts: 0, locked_until: null, created_at: new Date().toISOString() })
          .execute();
        await trx.insertInto('memberships').values({ user_id: id, org_id: input.orgId, role: input.role }).execute();
      });
      return { id, email };
    },

    /**
     * Checks a password and opens a session. Wrong e-mail and wrong password get the same answer;
     * `maxFailures` failures in a row lock the account for `lockMinutes`.
     */
    async signIn(emailInput: string, password: string): Promise<{ token: string; user: SessionUser; expiresAt: string }> {
      const email = normaliseEmail(emailInput);
      const row = await db.selectFrom('users').select(['id', 'password_hash', 'failed_attempts', 'locked_until']).where('email', '=', email).executeTakeFirst();
      const now = Date.now();
      if (row?.locked_until && Date.parse(row.locked_until) > now) {
        throw new AccountError(423, `This account is locked after ${opts.maxFailures} failed sign-ins; try again after ${new Date(row.locked_until).toISOString().slice(11, 16)} UTC or ask an administrator to reset the password.`);
      }
      // hash even for an unknown e-mail, so that timing does not tell which e-mails exist
      const ok = row ? await verifyPassword(password, row.password_hash) : (await hashPassword(password), false);
      if (!row || !ok) {
        if (row) {
          const failures = Number(row.failed_attempts) + 1;
          const locked = failures >= opts.maxFailures ? new Date(now + opts.lockMinutes * 60_000).toISOString() : null;
          await db.updateTable('users').set({ failed_attempts: locked ? 0 : failures, locked_until: locked }).where('id', '=', row.id).execute();
        }
        throw new AccountError(401, 'The e-mail or the password is wrong.');
      }
      await db.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', row.id).execute();
      const orgs = await organisationsOf(row.id);
      if (!orgs.length) throw new AccountError(403, 'This account belongs to no organisation; ask an administrator.');
      const token = crypto.randomBytes(32).toString('base64url');
      const expiresAt = new Date(now + opts.sessionHours * 3_600_000).toISOString();
      await db.insertInto('sessions').values({ token_hash: tokenHash(token), user_id: row.id, org_id: orgs[0].id, created_at: new Date(now).toISOString(), expires_at: expiresAt }).execute();
      return { token, user: (await sessionUser(row.id, orgs[0].id))!, expiresAt };
    },

    /** The user of a session token, or null when it is unknown or expired (an expired one is deleted). */
    async viewerOf(token: string | undefined | null): Promise<SessionUser | null> {
      if (!token || token.length > 100) return null;
      const hash = tokenHash(token);
      const hit = recent.get(hash);
      // a session that expired since it was read is over, cached or not
      if (hit && Date.now() - hit.at < CACHE_MS && Date.now() < hit.expires) return hit.user;
      const { user, expires } = await readSession(hash);
      if (recent.size > 10_000) recent.clear();
      recent.set(hash, { at: Date.now(), user, expires });
      return user;
    },

    async signOut(token: string | undefined | null): Promise<void> {
      forget();
      if (token) await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
    },

    /** Switches the organisation a session acts for. */
    async switchOrganisation(token: string, viewer: Viewer, orgId: string) {
      forget();
      if (!viewer.memberships.some((m) => m.orgId === orgId)) throw new AccountError(403, `You are not a member of '${orgId}'.`);
      await db.updateTable('sessions').set({ org_id: orgId }).where('token_hash', '=', tokenHash(token)).execute();
    },

    /** Changes the viewer's own password; ends their other sessions. */
    async changePassword(userId: string, current: string, next: string, keepToken?: string) {
      forget();
      const row = await db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst();
      if (!row || !(await verifyPassword(current, row.password_hash))) throw new AccountError(401, 'The current password is wrong.');
      if (current === next) throw new AccountError(400, 'The new password must differ from the current one.');
      const problem = passwordProblem(next);
      if (problem) throw new AccountError(400, problem);
      const hash = await hashPassword(next);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', userId).execute();
        let q = trx.deleteFrom('sessions').where('user_id', '=', userId);
        if (keepToken) q = q.where('token_hash', '!=', tokenHash(keepToken));
        await q.execute();
      });
    },

    /** An admin's reset: a one-time password that must be changed at the next sign-in; ends the user's sessions. */
    async resetPassword(admin: Viewer, userId: string): Promise<string> {
      forget();
      await store.requireMember(admin, userId);
      const password = oneTimePassword();
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, must_change_password: 1, failed_attempts: 0, locked_until: null }).where('id', '=', userId).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      });
      return password;
    },

    /** Throws unless `userId` is a member of the admin's organisation. */
    async requireMember(admin: Viewer, userId: string) {
      const m = await db.selectFrom('memberships').select('role').where('user_id', '=', userId).where('org_id', '=', admin.orgId).executeTakeFirst();
      if (!m) throw new AccountError(404, `No user '${userId}' in your organisation.`);
      return m.role as Role;
    },

    /** The members of the viewer's organisation with their roles. */
    async members(viewer: Viewer) {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'users.must_change_password', 'users.locked_until', 'users.created_at'])
        .where('memberships.org_id', '=', viewer.orgId)
        .orderBy('users.email')
        .execute();
      return rows.map((r) => ({
        id: r.id, email: r.email, name: r.name, role: r.role as Role, mustChangePassword: Boolean(Number(r.must_change_password)),
        locked: Boolean(r.locked_until && Date.parse(r.locked_until) > Date.now()), createdAt: r.created_at,
      }));
    },

    /**
     * Invites someone to the admin's organisation: a new user gets a one-time password to hand
     * over (returned once, never stored); an existing user gets the membership.
     */
    async invite(admin: Viewer, input: { email: string; name?: string; role: Role }): Promise<{ id: string; email: string; oneTimePassword: string | null }> {
      forget();
      const email = normaliseEmail(input.email);
      const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (existing) {
        const member = await db.selectFrom('memberships').select('role').where('user_id', '=', existing.id).where('org_id', '=', admin.orgId).executeTakeFirst();
        if (member) throw new AccountError(409, `${email} is already a member (${member.role}).`);
        await db.insertInto('memberships').values({ user_id: existing.id, org_id: admin.orgId, role: input.role }).execute();
        return { id: existing.id, email, oneTimePassword: null };
      }
      const password = oneTimePassword();
      const created = await store.createUser({ email, name: input.name, password, orgId: admin.orgId, role: input.role, mustChangePassword: true });
      return { ...created, oneTimePassword: password };
    },

    /** Sets a member's role; the last admin of an organisation cannot be demoted. */
    async setRole(admin: Viewer, userId: string, role: Role) {
      forget();
      const current = await store.requireMember(admin, userId);
      if (current === 'admin' && role !== 'admin') await refuseLastAdmin(admin.orgId, userId);
      await db.updateTable('memberships').set({ role }).where('user_id', '=', userId).where('org_id', '=', admin.orgId).execute();
      return { previous: current };
    },

    /** Removes a member from the admin's organisation (their account stays for their other organisations). */
    async removeMember(admin: Viewer, userId: string) {
      forget();
      const current = await store.requireMember(admin, userId);
      if (current === 'admin') await refuseLastAdmin(admin.orgId, userId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('memberships').where('user_id', '=', userId).where('org_id', '=', admin.orgId).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).where('org_id', '=', admin.orgId).execute();
      });
    },

    /**
     * Adds an organisation, with `viewer` as its first admin, in one transaction: organisations
     * are added by the administrators of the installation's default organisation.
     */
    async addOrganisation(viewer: Viewer, name: string) {
      if (roleIn(viewer, DEFAULT_ORG_ID) !== 'admin') throw new AccountError(403, `Adding an organisation needs the admin role in the default organisation; ${viewer.email} has ${roleIn(viewer, DEFAULT_ORG_ID) ?? 'none'}.`);
      const clean = name.trim();
      if (!clean || clean.length > 200) throw new AccountError(400, 'An organisation needs a name of 1 to 200 characters.');
      if (await findOrg(clean)) throw new AccountError(409, `An organisation '${clean}' exists already.`);
      const slug = clean.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'org';
      const id = `${slug}-${crypto.randomBytes(3).toString('hex')}`;
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('organisations').values({ id, name: clean, created_at: new Date().toISOString() }).execute();
        await trx.insertInto('memberships').values({ user_id: viewer.id, org_id: id, role: 'admin' }).execute();
      });
      return { id, name: clean };
    },

    findOrganisation: findOrg,

    /** The organisations the viewer belongs to; every one for an admin of the default organisation. */
    async organisations(viewer: Viewer) {
      const all = roleIn(viewer, DEFAULT_ORG_ID) === 'admin';
      const rows = await db.selectFrom('organisations').select(['id', 'name', 'suppression_k']).where('id', '!=', IMPORTING_ORG_ID)
        .$if(!all, (q) => q.where('id', 'in', [...viewer.memberships.map((m) => m.orgId), '']))
        .orderBy('name').execute();
      return rows.map((r) => ({ id: r.id, name: r.name, suppressionK: Number(r.suppression_k) }));
    },

    /** k of the small-count rule of an organisation (never below 5). */
    suppressionK(orgId: string): Promise<number> {
      return suppressionKOf(db, orgId);
    },

    async setSuppressionK(admin: Viewer, k: number) {
      if (!Number.isInteger(k) || k < 5 || k > 100) throw new AccountError(400, `The small-count threshold must be a whole number from 5 to 100, not ${k}.`);
      await db.updateTable('organisations').set({ suppression_k: k }).where('id', '=', admin.orgId).execute();
    },

    /** The first admin (oldest account with an admin membership), for the CLI's default --as. */
    async firstAdminEmail(): Promise<string | null> {
      const row = await db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select('users.email')
        .where('memberships.role', '=', 'admin')
        .orderBy('users.created_at')
        .orderBy('users.id')
        .executeTakeFirst();
      return row?.email ?? null;
    },

    /** The viewer for a user by e-mail, acting for `orgId` or their first organisation (the CLI's --as). */
    async viewerByEmail(email: string, orgId?: string): Promise<SessionUser | null> {
      const row = await db.selectFrom('users').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirst();
      return row ? sessionUser(row.id, orgId ?? '') : null;
    },

    /** The organisations of the account with this e-mail (none for an unknown one): whose audit log a failed sign-in goes to. */
    async organisationIdsOf(email: string): Promise<string[]> {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('memberships.org_id')
        .where('users.email', '=', normaliseEmail(email))
        .execute();
      return rows.map((r) => r.org_id);
    },

    async deleteExpiredSessions(): Promise<number> {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows ?? 0);
    },
  };

  async function refuseLastAdmin(orgId: string, userId: string) {
    const admins = await db.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('role', '=', 'admin').execute();
    if (admins.length === 1 && admins[0].user_id === userId) throw new AccountError(409, 'This is the organisation’s last administrator; make someone else an administrator first.');
  }

  return store;
}

export type AccountsStore = ReturnType<typeof createAccountsStore>;
export { roleAtLeast };
