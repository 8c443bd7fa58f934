import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';

export type AreaProfile = RouterOutputs['areas']['profile'];

/**
 * One area's profile at a borderland width. While a new width loads, the figures for the previous
 * width stay on screen (`isPlaceholderData` tells), but never another area's.
 */
export function useAreaProfile(code: string, borderKm: number) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.areas.profile.queryOptions({ code, borderKm }),
    placeholderData: (previous) => (previous?.code === code ? previous : undefined),
  });
}
