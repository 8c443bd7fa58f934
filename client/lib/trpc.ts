import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { SIGNED_OUT_EVENT } from '../features/account/session-api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/routers/_app';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** `useTRPC()` gives the query-options factories (`trpc.layers.list.queryOptions()`). */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/** A 401 from any call: the session ended (expired, signed out elsewhere); the gate shows the sign-in page. */
function onApiError(error: unknown) {
  if (errorCode(error) === 'UNAUTHORIZED') window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onApiError }),
    mutationCache: new MutationCache({ onError: onApiError }),
    defaultOptions: {
      queries: {
        // the layers change only when data is re-imported: don't refetch behind the user's back
        staleTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) => failureCount < 2 && !isClientError(error),
      },
    },
  });
}

export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: '/trpc' })],
  });
}

/** The tRPC error code of a failed query (NOT_FOUND, BAD_REQUEST …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

function isClientError(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'NOT_FOUND' || code === 'BAD_REQUEST' || code === 'FORBIDDEN' || code === 'UNAUTHORIZED';
}
