/** The administrator every test server is started with (start-server.ts): the first-start account. */
export const TEST_ADMIN = { email: 'admin@test.local', password: 'test-admin-password' } as const;

/** The environment that gives a test server its first administrator and no sign-in rate limit to trip on. */
export const TEST_AUTH_ENV = {
  ATLAS_ADMIN_EMAIL: TEST_ADMIN.email,
  ATLAS_ADMIN_PASSWORD: TEST_ADMIN.password,
  SIGN_IN_PER_MINUTE: '100000',
  UPLOADS_PER_MINUTE: '100000',
} as const;

/** Signs in over HTTP as a browser would; returns the `Cookie` header value of the session. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 204) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const m = setCookie.match(/atlas_session=([^;]+)/);
  if (!m) throw new Error(`sign-in of ${email} set no session cookie: ${setCookie}`);
  return `atlas_session=${m[1]}`;
}

/** fetch with a session cookie added to the request's headers. */
export function fetchAs(cookie: string, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', cookie);
  return fetch(url, { ...init, headers });
}

/** A viewer for tests that call the stores directly: an admin of `orgId` (default: the default organisation). */
export function adminViewer(orgId = 'default', id = 'test') {
  return { id, email: `${id}@test.local`, orgId, role: 'admin' as const, memberships: [{ orgId, role: 'admin' as const }] };
}
