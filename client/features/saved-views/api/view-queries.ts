import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';

export type SavedView = RouterOutputs['views']['list'][number];

/** The organisation's saved views, by name. */
export function useSavedViews() {
  const trpc = useTRPC();
  return useQuery(trpc.views.list.queryOptions());
}

/** Save, rename and delete, each refreshing the list once done. */
export function useViewMutations() {
  const trpc = useTRPC();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: trpc.views.list.queryKey() });
  return {
    create: useMutation(trpc.views.create.mutationOptions({ onSuccess: refresh })),
    rename: useMutation(trpc.views.rename.mutationOptions({ onSuccess: refresh })),
    remove: useMutation(trpc.views.remove.mutationOptions({ onSuccess: refresh })),
  };
}
