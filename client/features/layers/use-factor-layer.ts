import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { COUNTRIES_SET_ID } from '../../../data/sources';
import type { CountryCollection } from '../../map/layers/countries';
import type { BoundaryCollection } from '../../map/layers/user-boundaries';
import { createUserChoroplethLayer } from '../../map/layers/user-choropleth';
import { useStore } from '../../lib/store';
import { useDatasetFeatures } from './api/dataset-queries';
import { useFactorMap, type FactorMap } from './api/factor-queries';
import { buildChoropleth, type Choropleth } from './choropleth-data';
import { styleChoropleth, type ClassLegend } from './choropleth-style';
import { factorLayerId, mapStyleStore, styleOf } from './map-style-store';
import type { LayerStatus } from './use-data-layers';

// one choropleth per (factor values, areas) pair, so its collection stays the same object and
// a restyle recolours without re-tessellating
const choropleths = new WeakMap<FactorMap, WeakMap<object, { label: string; choropleth: Choropleth }>>();

function choroplethOf(map: FactorMap, areas: BoundaryCollection | CountryCollection, label: string): Choropleth {
  let byAreas = choropleths.get(map);
  if (!byAreas) choropleths.set(map, (byAreas = new WeakMap()));
  let c = byAreas.get(areas);
  if (!c || c.label !== label) {
    // a protected value (null) is no value here: it is listed apart in the legend
    const rows = map.areas.map((a) => ({ indicator: label, areaCode: a.code, period: a.period, value: a.value ?? NaN }));
    byAreas.set(areas, (c = { label, choropleth: buildChoropleth(rows, areas.features as BoundaryCollection['features']) }));
  }
  return c.choropleth;
}

/**
 * The factor chosen in the layer panel as a choropleth on its boundary set (the countries, or a
 * user's set), with its legend; nothing when no factor is chosen.
 */
export function useFactorLayer({
  countries,
  factorLabel,
  factorSource,
}: {
  countries: CountryCollection | undefined;
  /** The factor's name in the interface language. */
  factorLabel: (name: string) => string;
  /** Where the factor comes from, given when it was computed. */
  factorSource: (computedAt: string) => string;
}) {
  const choice = useStore(mapStyleStore, (s) => s.factor);
  const styles = useStore(mapStyleStore, (s) => s.styles);
  const map = useFactorMap(choice);
  const userSet = choice && choice.boundarySetId !== COUNTRIES_SET_ID ? [choice.boundarySetId] : [];
  const set = useDatasetFeatures(userSet)[0];
  const areas = choice?.boundarySetId === COUNTRIES_SET_ID ? countries : set?.data?.kind === 'boundaries' ? set.data.collection : undefined;

  return useMemo(() => {
    const status: LayerStatus = {
      loading: !!choice && (map.fetchStatus === 'fetching' || !!set?.loading),
      error: map.error ?? set?.error ?? null,
    };
    if (!choice || !map.data || !areas) return { layer: undefined as Layer | undefined, legend: undefined as ClassLegend | undefined, id: null, status };
    const id = factorLayerId(choice);
    const label = factorLabel(choice.name);
    const choropleth = choroplethOf(map.data, areas, label);
    const protectedCount = map.data.areas.filter((a) => a.value === null).length;
    const style = styleOf(styles, id);
    const styled = styleChoropleth(choropleth, style, { id, title: label, unit: map.data.unit, source: factorSource(map.data.computedAt), protectedCount, protectedBelow: map.data.protected?.k ?? null });
    const layer = createUserChoroplethLayer({ id, data: choropleth.collection, visible: true, classOf: (p) => styled.classOf(p.value), colours: styled.colours, classKey: styled.classKey, opacity: style.opacity });
    return { layer: layer as Layer, legend: styled.legend, id, status };
  }, [choice, map.data, map.error, map.fetchStatus, areas, set?.loading, set?.error, styles, factorLabel, factorSource]);
}
