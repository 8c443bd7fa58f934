import { createTRPCClient, httpLink } from '@trpc/client';
import { inject } from 'vitest';
import type { AppRouter } from '../../server/routers/_app';
import { fetchAs } from '../helpers/auth';

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
