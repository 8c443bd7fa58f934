import { createTRPCClient, httpLink } from '@trpc/client';
import { inject } from 'vitest';
import type { AppRouter } from '../../server/routers/_app';

/** A tRPC client over real HTTP to the server started by global-setup.ts. */
export function apiClient() {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${inject('serverUrl')}/trpc` })] });
}

export const serverUrl = () => inject('serverUrl');
