/** The signed-in user as GET /api/me gives them. */
export interface Me {
  id: string;
  email: string;
  name: string;
  orgId: string;
  role: 'viewer' | 'analyst' | 'editor' | 'admin';
  mustChangePassword: boolean;
  organisations: { id: string; name: string; role: Me['role'] }[];
}

/** A refusal of the auth routes, with the server's message (it names the problem). */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function messageOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: fall through
  }
  return `${res.status} ${res.statusText}`;
}

/** The signed-in user, or null when nobody is (401). */
export async function fetchMe(): Promise<Me | null> {
  const res = await fetch('/api/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status === 401) return null;
  if (!res.ok) throw new AuthError(res.status, await messageOf(res));
  return (await res.json()) as Me;
}

/** Signs in; the server sets the HttpOnly session cookie. Throws AuthError with its message. */
export async function signIn(email: string, password: string): Promise<void> {
  const res = await fetch('/api/auth/sign-in', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 204) throw new AuthError(res.status, await messageOf(res));
}

/** Ends the session. `beacon` uses navigator.sendBeacon, which outlives the page (quick exit). */
export async function signOut({ beacon = false } = {}): Promise<void> {
  if (beacon && typeof navigator.sendBeacon === 'function' && navigator.sendBeacon('/api/auth/sign-out')) return;
  await fetch('/api/auth/sign-out', { method: 'POST', credentials: 'same-origin', keepalive: true });
}

/** Fired on window when the server says the session has ended (a 401 from any call). */
export const SIGNED_OUT_EVENT = 'atlas:signed-out';
