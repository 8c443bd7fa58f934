import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../lib/trpc';

/** Version, database kind and the data sources to credit. */
export function useMetaInfo() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.meta.info.queryOptions(), staleTime: Infinity });
}
