import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';

export type NameSearchResult = RouterOutputs['areas']['search'][number];

/** Areas, places and sites whose name matches `q`, from the atlas's own index (areas.search). */
export function useNameSearch(q: string) {
  const trpc = useTRPC();
  const query = q.trim();
  return useQuery({
    ...trpc.areas.search.queryOptions({ q: query || '-', limit: 10 }),
    enabled: query.length > 0,
    // the previous list stays while the next loads, so the list does not flicker as one types
    placeholderData: (previous) => previous,
    staleTime: 30_000,
    retry: false,
  });
}
