import { useQueries, useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../../lib/trpc';
import type { BoundaryCollection } from '../../../map/layers/user-boundaries';

export type DatasetSummary = RouterOutputs['datasets']['list'][number];
type Features = RouterOutputs['datasets']['features'];

export interface SiteLayerData {
  kind: 'sites';
  length: number;
  positions: Float64Array;
  names: string[];
  categories: string[];
}
export interface BoundaryLayerData {
  kind: 'boundaries';
  collection: BoundaryCollection;
}
export interface ObservationLayerData {
  kind: 'observations';
  rows: { indicator: string; boundarySetId: string; areaCode: string; period: string; value: number }[];
  /** Each indicator's unit ('' for none). */
  indicators: { name: string; unit: string }[];
  /** The boundary set the rows are joined to (one per dataset). */
  boundarySetId: string | null;
}
export type DatasetLayerData = SiteLayerData | BoundaryLayerData | ObservationLayerData;

/** What a layer needs of a query: its data (the same object while unchanged) and its state. */
export interface LayerQuery<T> {
  data: T | undefined;
  loading: boolean;
  error: { message: string } | null;
}

// a dataset's features change only when it is re-imported (a new id): keep them for the visit
const forever = { staleTime: Infinity, gcTime: Infinity } as const;

/** The catalogue: every dataset with its provenance, style and visibility. */
export function useDatasetList() {
  const trpc = useTRPC();
  return useQuery(trpc.datasets.list.queryOptions());
}

/** The features of each dataset in `ids`, in that order, as layer data. */
export function useDatasetFeatures(ids: string[]): LayerQuery<DatasetLayerData>[] {
  const trpc = useTRPC();
  return useQueries({
    queries: ids.map((id) => ({ ...trpc.datasets.features.queryOptions({ id }), ...forever, select: toLayerData })),
    combine: toLayerQueries,
  });
}

// module-level functions: TanStack Query then runs each once per response, and `combine` returns
// the same array until a result changes

function toLayerQueries(
  results: { data: DatasetLayerData | undefined; isPending: boolean; fetchStatus: string; error: { message: string } | null }[],
): LayerQuery<DatasetLayerData>[] {
  return results.map((r) => ({ data: r.data, loading: r.isPending && r.fetchStatus === 'fetching', error: r.error }));
}

function toLayerData(data: Features): DatasetLayerData {
  if (data.kind === 'sites') {
    const length = Math.min(data.names.length, data.coordinates.length >> 1);
    return {
      kind: 'sites',
      length,
      positions: Float64Array.from(data.coordinates.slice(0, 2 * length)),
      names: data.names,
      categories: data.categories,
    };
  }
  if (data.kind === 'boundaries') return { kind: 'boundaries', collection: data.geojson as unknown as BoundaryCollection };
  // stored factors as the server protected them: a count under k or a withheld distance has no value to map
  const rows = data.kind === 'factors' ? data.rows.flatMap((r) => (r.value === null ? [] : [{ ...r, value: r.value }])) : data.rows;
  const indicators = data.kind === 'factors' ? [] : data.indicators;
  return { kind: 'observations', rows, indicators, boundarySetId: rows[0]?.boundarySetId ?? null };
}
