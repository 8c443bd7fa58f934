import type { AccountsStore } from '../store/accounts-store';
import { DEFAULT_ORG_ID } from '../store/default-data';
import { oneTimePassword } from './passwords';

/**
 * First start: when no user exists, creates an administrator of the default organisation from
 * ATLAS_ADMIN_EMAIL / ATLAS_ADMIN_PASSWORD, or (without a password) with a one-time password
 * printed through `log` that must be changed at the first sign-in. Does nothing once a user exists.
 */
export async function ensureFirstAdmin(accounts: AccountsStore, env: { ATLAS_ADMIN_EMAIL?: string; ATLAS_ADMIN_PASSWORD?: string }, log: (message: string) => void): Promise<string | null> {
  if ((await accounts.userCount()) > 0) return null;
  const email = env.ATLAS_ADMIN_EMAIL ?? 'admin@localhost';
  if (env.ATLAS_ADMIN_PASSWORD) {
    await accounts.createUser({ email, name: 'Administrator', password: env.ATLAS_ADMIN_PASSWORD, orgId: DEFAULT_ORG_ID, role: 'admin' });
    log(`first start: created the administrator ${email} (password from ATLAS_ADMIN_PASSWORD)`);
    return email;
  }
  const password = oneTimePassword();
  await accounts.createUser({ email, name: 'Administrator', password, orgId: DEFAULT_ORG_ID, role: 'admin', mustChangePassword: true });
  log(`first start: created the administrator ${email} with the one-time password  ${password}  — sign in and choose a new one (it is shown only now)`);
  return email;
}
