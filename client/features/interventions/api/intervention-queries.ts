import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../../../lib/trpc';

export type Intervention = RouterOutputs['interventions']['get'];
export type InterventionListItem = RouterOutputs['interventions']['list'][number];
export type ListFilter = RouterInputs['interventions']['list'];
export type HistoryEntry = RouterOutputs['interventions']['history'][number];
export type Suggestion = RouterOutputs['interventions']['suggestions']['suggestions'][number];
export type BoundarySet = RouterOutputs['datasets']['boundarySets'][number];

/** The built-in boundary set of the countries, read from the countries layer (already loaded). */
export const COUNTRIES_SET_ID = 'world-atlas-50m-admin0';

/** The interventions the user may see, filtered. */
export function useInterventionList(filter: ListFilter, enabled = true) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.interventions.list.queryOptions(filter), enabled, placeholderData: (previous) => previous, staleTime: 10_000 });
}

/** One intervention with its polygons' geometry (what the form edits). */
export function useIntervention(id: string | null) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.interventions.get.queryOptions({ id: id ?? '' }), enabled: !!id, staleTime: 0 });
}

/** The drawn polygons of the interventions `list` returned without them, by intervention id. */
export function usePolygonTargets(ids: string[]) {
  const trpc = useTRPC();
  return useQueries({
    queries: ids.map((id) => ({ ...trpc.interventions.get.queryOptions({ id }), staleTime: 60_000 })),
    combine: (results) => {
      const map = new Map<string, (Polygon | MultiPolygon)[]>();
      results.forEach((r) => {
        if (!r.data) return;
        map.set(r.data.id, r.data.targets.flatMap((t) => (t.kind === 'polygon' && t.geometry ? [t.geometry] : [])));
      });
      return { map, pending: results.some((r) => r.isPending) };
    },
  });
}

export function useHistory(id: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.interventions.history.queryOptions({ id }), staleTime: 0 });
}

export function useReach(id: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.interventions.reach.queryOptions({ id }), staleTime: 0 });
}

export function useSuggestions(boundarySetId: string, code: string, borderKm: number) {
  const trpc = useTRPC();
  return useQuery(trpc.interventions.suggestions.queryOptions({ boundarySetId, code, borderKm }));
}

export type SiteSearchResult = Extract<RouterOutputs['areas']['search'][number], { kind: 'site' }>;

/** Sites of the layers the viewer may see whose name matches (areas.search, the atlas's own index), for targets. */
export function useSiteSearch(q: string) {
  const trpc = useTRPC();
  const query = q.trim();
  return useQuery({
    ...trpc.areas.search.queryOptions({ q: query || '-', limit: 50 }),
    enabled: query.length > 0,
    placeholderData: (previous) => previous,
    select: (rows) => rows.filter((r): r is SiteSearchResult => r.kind === 'site').slice(0, 8),
  });
}

export function useBoundarySets(enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.datasets.boundarySets.queryOptions(), enabled });
}

/**
 * The areas of a boundary set (code, name, geometry): the countries layer's query for the
 * built-in set (the map's cache entry), the dataset's features otherwise (a user set's id is its
 * dataset's).
 */
export function useBoundaryAreas(boundarySetId: string | null) {
  const trpc = useTRPC();
  const countries = useQuery({ ...trpc.layers.countries.queryOptions(), staleTime: Infinity, gcTime: Infinity, enabled: boundarySetId === COUNTRIES_SET_ID });
  const other = useQuery({
    ...trpc.datasets.features.queryOptions({ id: boundarySetId ?? '' }),
    staleTime: Infinity,
    enabled: !!boundarySetId && boundarySetId !== COUNTRIES_SET_ID,
    select: (data) => (data.kind === 'boundaries' ? (data.geojson as unknown as FeatureCollection) : undefined),
  });
  const q = boundarySetId === COUNTRIES_SET_ID ? countries : other;
  return { data: q.data as FeatureCollection | undefined, error: q.error, isPending: q.isPending && !!boundarySetId };
}

/** After any write: the lists, the record, its history and reach, coverage and suggestions are read again. */
function useInvalidate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.interventions.pathKey() });
}

export function useCreateIntervention() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  return useMutation(trpc.interventions.create.mutationOptions({ onSuccess: invalidate }));
}

export function useUpdateIntervention() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  return useMutation(trpc.interventions.update.mutationOptions({ onSuccess: invalidate }));
}

export function useDuplicateIntervention() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  return useMutation(trpc.interventions.duplicate.mutationOptions({ onSuccess: invalidate }));
}

export function useCancelIntervention() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  return useMutation(trpc.interventions.cancel.mutationOptions({ onSuccess: invalidate }));
}

export function useAddReach() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  return useMutation(trpc.interventions.addReach.mutationOptions({ onSuccess: invalidate }));
}
