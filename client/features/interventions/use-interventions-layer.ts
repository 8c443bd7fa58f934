import { useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Layer } from '@deck.gl/core';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { useTRPC } from '../../lib/trpc';
import { useStore } from '../../lib/store';
import { interventionsUi } from './interventions-ui-store';
import { COUNTRIES_SET_ID, useInterventionList, usePolygonTargets } from './api/intervention-queries';
import type { InterventionFeatureProperties } from './intervention-features';

const ALL = { limit: 5000 };

/**
 * The interventions layer for the shell to add to the map: every intervention the user may see,
 * its targets drawn in the colour of its strategy or status. Nothing is fetched (nor its code
 * loaded) until the layer is shown; the data object stays the same until an intervention or a
 * boundary changes, and a new styling only recolours (updateTriggers).
 */
export function useInterventionsLayer(): Layer | null {
  const trpc = useTRPC();
  const { visible, colourBy } = useStore(interventionsUi, (s) => s.layer);
  const parts = useQuery({ queryKey: ['interventions-layer-parts'], queryFn: () => import('./interventions-layer-parts'), enabled: visible, staleTime: Infinity, gcTime: Infinity });
  const list = useInterventionList(ALL, visible);
  const items = list.data;

  const setIds = useMemo(() => {
    const ids = new Set<string>();
    for (const item of items ?? []) for (const t of item.targets) if (t.kind === 'area') ids.add(t.boundarySetId);
    return [...ids].sort();
  }, [items]);
  const countries = useQuery({ ...trpc.layers.countries.queryOptions(), staleTime: Infinity, gcTime: Infinity, enabled: visible && setIds.includes(COUNTRIES_SET_ID) });
  const others = useQueries({
    queries: setIds
      .filter((id) => id !== COUNTRIES_SET_ID)
      .map((id) => ({ ...trpc.datasets.features.queryOptions({ id }), staleTime: Infinity, enabled: visible })),
    combine: (results) => results.map((r) => r.data),
  });
  const polygonIds = useMemo(() => (items ?? []).filter((i) => i.targets.some((t) => t.kind === 'polygon')).map((i) => i.id), [items]);
  const polygons = usePolygonTargets(visible ? polygonIds : []);

  // one lookup of area geometry per set, rebuilt only when a boundary set arrives
  const otherKey = others.map((o) => (o ? 1 : 0)).join('');
  const areaIndex = useMemo(() => {
    const index = new Map<string, Polygon | MultiPolygon>();
    const add = (setId: string, fc: FeatureCollection | undefined) => {
      for (const f of fc?.features ?? []) {
        const code = (f.properties as { code?: unknown } | null)?.code;
        if (typeof code === 'string' && f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')) index.set(`${setId}|${code}`, f.geometry);
      }
    };
    if (countries.data) add(COUNTRIES_SET_ID, countries.data as unknown as FeatureCollection);
    setIds.filter((id) => id !== COUNTRIES_SET_ID).forEach((id, i) => {
      const d = others[i];
      if (d?.kind === 'boundaries') add(id, d.geojson as unknown as FeatureCollection);
    });
    return index;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [countries.data, setIds, otherKey]);

  const polygonKey = [...polygons.map.entries()].map(([id, g]) => `${id}:${g.length}`).join(',');
  const data = useMemo(() => {
    if (!parts.data || !items) return null;
    return parts.data.buildInterventionFeatures(items, { areaGeometry: (set, code) => areaIndex.get(`${set}|${code}`), polygons: polygons.map });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parts.data, items, areaIndex, polygonKey]);

  return useMemo(() => {
    if (!parts.data || !data) return null;
    const { createInterventionsLayer, interventionColour } = parts.data;
    return createInterventionsLayer<InterventionFeatureProperties>({
      data,
      visible,
      colourOf: (p) => interventionColour(p, colourBy),
      colourKey: colourBy,
    });
  }, [parts.data, data, visible, colourBy]);
}
