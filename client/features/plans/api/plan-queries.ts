import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../../../lib/trpc';

export type Plan = RouterOutputs['plans']['get'];
export type PlanInventory = RouterOutputs['plans']['inventory'];
export type PlanCreateInput = RouterInputs['plans']['create'];
export type AreaSearchResult = RouterOutputs['areas']['search'][number];

/** Areas of every boundary set whose name or code matches (areas.search), without places and sites. */
export function useAreaSearch(q: string) {
  const trpc = useTRPC();
  const query = q.trim();
  return useQuery({
    ...trpc.areas.search.queryOptions({ q: query || '-', limit: 12 }),
    enabled: query.length > 0,
    placeholderData: (previous) => previous,
    select: (rows) => rows.filter((r): r is Extract<AreaSearchResult, { kind: 'area' }> => r.kind === 'area'),
  });
}

export function useInventory(area: { boundarySetId: string; code: string } | null) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.plans.inventory.queryOptions({ boundarySetId: area?.boundarySetId ?? '', code: area?.code ?? '' }), enabled: !!area, staleTime: 30_000 });
}

export function useAreaPlans(area: { boundarySetId: string; code: string } | null) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.plans.list.queryOptions({ area: area ?? undefined, limit: 200 }), enabled: !!area });
}

export function useCreatePlan() {
  const trpc = useTRPC();
  return useMutation(trpc.plans.create.mutationOptions());
}

export function useRemovePlan() {
  const trpc = useTRPC();
  return useMutation(trpc.plans.remove.mutationOptions());
}

export function useUpdatePlan() {
  const trpc = useTRPC();
  return useMutation(trpc.plans.update.mutationOptions());
}
