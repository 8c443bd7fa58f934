import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import type { AreaRef } from '../area-ref';

export type AreaBrief = RouterOutputs['areas']['brief'];
export type AreaRisk = RouterOutputs['areas']['risk'];
export type AreaHierarchy = RouterOutputs['areas']['hierarchy'];

/**
 * The profile of any area without its risk score, which reads every area of the set and comes
 * separately (useAreaRisk), so that the panel opens at once. While a new borderland width loads,
 * the previous one's figures stay on screen, never another area's.
 */
export function useAreaBrief({ setId, code }: AreaRef, borderKm: number) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.areas.brief.queryOptions({ boundarySetId: setId, code, borderKm, risk: false }),
    placeholderData: (previous) => (previous?.area.code === code && previous.area.boundarySetId === setId ? previous : undefined),
    retry: false,
  });
}

/** The area's score in the built-in risk model. */
export function useAreaRisk({ setId, code }: AreaRef) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.areas.risk.queryOptions({ boundarySetId: setId, code }), retry: false, staleTime: 30_000 });
}

/** The areas inside this one in the next finer boundary sets, and those holding it (breadcrumbs). */
export function useAreaHierarchy({ setId, code }: AreaRef) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.areas.hierarchy.queryOptions({ boundarySetId: setId, code }), retry: false, staleTime: 30_000 });
}
