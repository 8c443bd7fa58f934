import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../../../lib/trpc';

export type CatalogueEntry = RouterOutputs['datasets']['list'][number];
export type DatasetPatch = RouterInputs['datasets']['update'];

/** The catalogue: every dataset the user may see, newest first, with its provenance. */
export function useCatalogue() {
  const trpc = useTRPC();
  return useQuery(trpc.datasets.list.queryOptions());
}

/** Rename, restyle, hide or show a dataset; the catalogue and the layer panel follow. */
export function useUpdateDataset() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.datasets.update.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.datasets.boundarySets.queryKey() }),
        ]),
    }),
  );
}

/** Delete a dataset with its layer and observations. */
export function useRemoveDataset() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.datasets.remove.mutationOptions({
      onSuccess: ({ id }) => {
        queryClient.removeQueries({ queryKey: trpc.datasets.features.queryKey({ id }) });
        return Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.datasets.boundarySets.queryKey() }),
        ]);
      },
    }),
  );
}
