import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';

export type ImportReport = RouterOutputs['imports']['plan'];
export type ImportJob = RouterOutputs['imports']['status'];
export type BoundarySet = RouterOutputs['datasets']['boundarySets'][number];

const TERMINAL = new Set(['published', 'failed', 'cancelled']);

export function isFinished(job: ImportJob | undefined): boolean {
  return !!job && TERMINAL.has(job.phase);
}

/** The preview of an uploaded file, read again when the user picks another encoding. */
export function useInspection(uploadId: string | null, encoding: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.imports.inspect.queryOptions({ uploadId: uploadId ?? '', encoding: encoding || undefined }),
    enabled: !!uploadId,
    staleTime: Infinity,
    // keep the last preview on screen while another encoding is read
    placeholderData: (previous) => (previous?.upload.id === uploadId ? previous : undefined),
  });
}

/** Boundary sets that a table can be joined to. */
export function useBoundarySets(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.datasets.boundarySets.queryOptions(), enabled });
}

/** The dry run: what an import would write. */
export function usePlanImport() {
  const trpc = useTRPC();
  return useMutation(trpc.imports.plan.mutationOptions());
}

export function useStartImport() {
  const trpc = useTRPC();
  return useMutation(trpc.imports.start.mutationOptions());
}

export function useCancelImport() {
  const trpc = useTRPC();
  return useMutation(trpc.imports.cancel.mutationOptions());
}

/** A running import, polled until it has published, failed or been cancelled. */
export function useImportJob(jobId: string | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.imports.status.queryOptions({ jobId: jobId ?? '' }),
    enabled: !!jobId,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : 300),
    staleTime: 0,
    gcTime: 0,
  });
}

/** After a publish: the catalogue, the layer list and the boundary sets have a new member. */
export function useRefreshAfterPublish() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.datasets.boundarySets.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.imports.history.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.interventions.pathKey() }),
    ]);
}
