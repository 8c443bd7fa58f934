import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';

export type ModelSummary = RouterOutputs['risk']['models']['list'][number];
export type StoredModel = RouterOutputs['risk']['models']['get'];
export type RiskInputs = RouterOutputs['risk']['inputs'];
export type BoundarySet = RouterOutputs['datasets']['boundarySets'][number];

/** The built-in boundary set of the countries, drawn from the countries layer (already loaded). */
export const COUNTRIES_SET_ID = 'world-atlas-50m-admin0';

// boundaries and inputs change only when data is re-imported or factors recomputed
const forVisit = { staleTime: Infinity, gcTime: 10 * 60_000 } as const;

/** The built-in model and the organisation's. */
export function useRiskModels() {
  const trpc = useTRPC();
  return useQuery(trpc.risk.models.list.queryOptions());
}

/** One model with its tree (and the built-in model's reasons). */
export function useRiskModel(id: string | null) {
  const trpc = useTRPC();
  // the previous model stays while another loads, so the screen does not go blank
  return useQuery({ ...trpc.risk.models.get.queryOptions({ id: id ?? '' }), enabled: !!id, placeholderData: keepPreviousData });
}

export function useBoundarySets() {
  const trpc = useTRPC();
  return useQuery(trpc.datasets.boundarySets.queryOptions());
}

/** What fills each leaf per area: fetched once per model and boundary set, then scored in the browser. */
export function useRiskInputs(modelId: string | null, boundarySetId: string | null, picks: { indicators: Record<string, string>; periods: Record<string, string> } = { indicators: {}, periods: {} }) {
  const trpc = useTRPC();
  // another indicator or period for a leaf: the inputs fetched again, for those picks
  const some = (o: Record<string, string>) => (Object.keys(o).length ? o : undefined);
  return useQuery({
    ...trpc.risk.inputs.queryOptions({ modelId: modelId ?? '', boundarySetId: boundarySetId ?? '', indicators: some(picks.indicators), periods: some(picks.periods) }),
    ...forVisit,
    enabled: !!modelId && !!boundarySetId,
    placeholderData: keepPreviousData,
  });
}

/**
 * The areas of a boundary set with their geometry: the countries layer's query for the built-in
 * set (the same cache entry as the map's), the dataset's features otherwise (a user set's id is
 * its dataset's).
 */
export function useBoundaryGeometry(boundarySetId: string | null) {
  const trpc = useTRPC();
  const countries = useQuery({ ...trpc.layers.countries.queryOptions(), staleTime: Infinity, gcTime: Infinity, enabled: boundarySetId === COUNTRIES_SET_ID });
  const other = useQuery({
    ...trpc.datasets.features.queryOptions({ id: boundarySetId ?? '' }),
    staleTime: Infinity,
    gcTime: Infinity,
    enabled: !!boundarySetId && boundarySetId !== COUNTRIES_SET_ID,
    select: toCollection,
  });
  const q = boundarySetId === COUNTRIES_SET_ID ? countries : other;
  return { data: q.data as FeatureCollection | undefined, error: q.error, isPending: q.isPending };
}

function toCollection(data: RouterOutputs['datasets']['features']): FeatureCollection | undefined {
  return data.kind === 'boundaries' ? (data.geojson as unknown as FeatureCollection) : undefined;
}

/** Saves a model (no id: a new one); a stale version is refused with CONFLICT carrying the stored model. */
export function useSaveModel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.risk.models.save.mutationOptions({
      onSuccess: (saved) =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.risk.models.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.risk.models.get.queryKey({ id: saved.id }) }),
        ]),
    }),
  );
}
