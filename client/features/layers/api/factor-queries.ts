import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import type { FactorChoice } from '../map-style-store';

export type FactorMap = NonNullable<RouterOutputs['factors']['map']>;

/** The factors stored for a boundary set (null until computed); fetched only when `enabled`. */
export function useFactorList(boundarySetId: string | null, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.factors.list.queryOptions({ boundarySetId: boundarySetId ?? '' }), enabled: enabled && !!boundarySetId });
}

/** One factor for every area of its boundary set, protected as the server protects it. */
export function useFactorMap(choice: FactorChoice | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.factors.map.queryOptions(choice ?? { boundarySetId: '', name: '' }),
    enabled: !!choice,
  });
}
