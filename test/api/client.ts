import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { inject } from 'vitest';
import type { AppRouter } from '../../server/routers/_app';
import type { Role } from '../../server/store/access';
import { fetchAs, signIn } from '../helpers/auth';

/**
 * A tRPC client over real HTTP to the server started by global-setup.ts, signed in with `cookie`
 * (default: the first administrator's session; '' for an anonymous caller).
 */
export function apiClient(cookie: string = inject('adminCookie'), baseUrl: string = inject('serverUrl')) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/trpc`, headers: () => (cookie ? { cookie } : {}) })] });
}

export const serverUrl = () => inject('serverUrl');

/** fetch as the first administrator (the session of global-setup.ts). */
export const authedFetch = (url: string, init?: RequestInit) => fetchAs(inject('adminCookie'), url, init);

type Api = ReturnType<typeof apiClient>;
export type ImportRequestInput = Parameters<Api['imports']['start']['mutate']>[0]['request'];
export type ImportJob = Awaited<ReturnType<Api['imports']['status']['query']>>;

/** Uploads bytes as a file the way the wizard does; returns the upload id. */
export async function uploadFile(name: string, body: Uint8Array | Buffer | string, cookie: string = inject('adminCookie'), baseUrl: string = serverUrl()): Promise<string> {
  const res = await fetchAs(cookie, `${baseUrl}/api/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const json = await res.json();
  if (res.status !== 201) throw new Error(`upload of ${name} failed: ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

/** Starts an import and polls its job until it is published, failed or cancelled. */
export async function publishUpload(
  api: Api,
  uploadId: string,
  request: ImportRequestInput,
  opts: { pollMs?: number; onStatus?: (job: ImportJob, jobId: string) => Promise<void> } = {},
): Promise<ImportJob> {
  const { jobId } = await api.imports.start.mutate({ uploadId, request });
  for (;;) {
    const job = await api.imports.status.query({ jobId });
    if (job.phase === 'published' || job.phase === 'failed' || job.phase === 'cancelled') return job;
    await opts.onStatus?.(job, jobId);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
}

/**
 * Invites `<role>@test.local` as the admin of `adminCookie`, signs them in with the one-time
 * password and sets their own (`password of the <role>`); returns their session cookie.
 */
export async function inviteMember(baseUrl: string, adminCookie: string, role: Role): Promise<string> {
  const email = `${role}@test.local`;
  const invited = await apiClient(adminCookie, baseUrl).users.invite.mutate({ email, role });
  const cookie = await signIn(baseUrl, email, invited.oneTimePassword!);
  await apiClient(cookie, baseUrl).account.changePassword.mutate({ current: invited.oneTimePassword!, next: `password of the ${role}` });
  return cookie;
}

/** The tRPC error a call fails with (a test fails when it succeeds, or fails otherwise). */
export async function trpcFailure(p: Promise<unknown>): Promise<TRPCClientError<any>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCClientError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** A lng/lat box as a GeoJSON Polygon (sample geometry for tests). */
export const box = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as [number, number][]] });
