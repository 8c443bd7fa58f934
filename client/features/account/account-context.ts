import { createContext, useContext } from 'react';
import type { Me } from './session-api';

/** The signed-in user and what the atlas can do with the session. */
export interface Account {
  me: Me;
  signOut: () => void;
  /** Reads the user again (after a change of organisation or password). */
  refresh: () => void;
}

export const AccountContext = createContext<Account | null>(null);

/** The signed-in user; only inside the gate (app/auth-gate.tsx). */
export function useAccount(): Account {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount outside the AuthGate');
  return account;
}
