/**
 * The interventions feature's app state, outside React: whether its dialog is open (and with
 * which draft), how its map layer is shown, and the MapLibre map that zones are drawn on. Kept
 * here so that the shell only mounts the feature and the feature's parts reach one another.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { createStore } from '../../lib/store';
import type { InterventionInput } from '../../../server/domain/interventions';

export interface InterventionsUi {
  open: boolean;
  /** A draft to open the form with (a suggestion turned into an intervention). */
  draft: InterventionInput | null;
  /** An intervention to open the dialog on (from the area profile's coverage). */
  detailId: string | null;
  layer: { visible: boolean; colourBy: 'strategy' | 'status' };
}

export const interventionsUi = createStore<InterventionsUi>({ open: false, draft: null, detailId: null, layer: { visible: false, colourBy: 'strategy' } });

export function openInterventions(draft: InterventionInput | null = null) {
  interventionsUi.set((s) => ({ ...s, open: true, draft, detailId: null }));
}

/** Opens the dialog on one intervention's details. */
export function openInterventionDetail(id: string) {
  interventionsUi.set((s) => ({ ...s, open: true, draft: null, detailId: id }));
}

export function closeInterventions() {
  interventionsUi.set((s) => ({ ...s, open: false, draft: null, detailId: null }));
}

/** The loaded map, for drawing zones (set by <InterventionsMapHost> inside the MapView); never React state. */
export const mapHolder: { current: MapLibreMap | null } = { current: null };
