import type { PickingInfo } from '@deck.gl/core';
import { COUNTRIES_SET_ID } from '../../data/sources';
import { COUNTRIES_LAYER_ID } from '../map/layers/countries';
import type { UserPickData } from '../features/layers/use-user-layers';
import type { AreaRef } from '../features/area-profile/area-ref';

/** What a click needs to know of the map's area layers: each one's boundary set, by layer id. */
export type AreaLayerSets = Map<string, string>;

/**
 * The boundary set of each layer that draws areas: the countries, the user's boundary sets and
 * choropleths (of the set they are joined to), and the factor's choropleth.
 */
export function areaLayerSets(userLayers: Map<string, UserPickData> | undefined, factor: { layerId: string | null; boundarySetId: string | null }): AreaLayerSets {
  const sets: AreaLayerSets = new Map([[COUNTRIES_LAYER_ID, COUNTRIES_SET_ID]]);
  for (const [id, layer] of userLayers ?? []) {
    if (layer.kind !== 'sites' && layer.boundarySetId) sets.set(id, layer.boundarySetId);
  }
  if (factor.layerId && factor.boundarySetId) sets.set(factor.layerId, factor.boundarySetId);
  return sets;
}

/** The area a click picked (the top-most visible area layer under the pointer), or null. */
export function areaOfPick(info: PickingInfo, sets: AreaLayerSets): AreaRef | null {
  const setId = info.layer ? sets.get(info.layer.id) : undefined;
  const code = (info.object as { properties?: { code?: unknown } } | null)?.properties?.code;
  if (!setId || (typeof code !== 'string' && typeof code !== 'number') || code === '') return null;
  return { setId, code: String(code) };
}
