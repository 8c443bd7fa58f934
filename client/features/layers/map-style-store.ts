import { createStore } from '../../lib/store';
import { DEFAULT_CHOROPLETH_STYLE, type ChoroplethStyle } from './choropleth-style';

/** The folding groups of the layer panel. */
export const LAYER_GROUPS = ['base', 'sites', 'indicators', 'datasets'] as const;
export type LayerGroupId = (typeof LAYER_GROUPS)[number];

/** A factor mapped as a choropleth: its boundary set and name (`sites-count:transit.airport`). */
export interface FactorChoice {
  boundarySetId: string;
  name: string;
}

export interface MapStyleState {
  /** Choropleth styles by layer id; a layer not listed has the default. */
  styles: Record<string, ChoroplethStyle>;
  /** Opacity (0–1) of other layers, by layer id; a layer not listed draws as its factory says. */
  opacity: Record<string, number>;
  folded: Partial<Record<LayerGroupId, boolean>>;
  factor: FactorChoice | null;
  /** Where the swipe divider stands, as a share (0.05–0.95) of the map's width. */
  swipe: number;
}

/**
 * How the user styled the layers in this visit: classification, palette and opacity per layer,
 * the factor mapped, the folded groups of the panel. App state (lib/store.ts), read by the layer
 * hooks and the panel.
 */
export const mapStyleStore = createStore<MapStyleState>({ styles: {}, opacity: {}, folded: {}, factor: null, swipe: 0.5 });

export function styleOf(styles: MapStyleState['styles'], layerId: string): ChoroplethStyle {
  return styles[layerId] ?? DEFAULT_CHOROPLETH_STYLE;
}

export function setStyle(layerId: string, change: Partial<ChoroplethStyle>) {
  mapStyleStore.set((s) => ({ ...s, styles: { ...s.styles, [layerId]: { ...styleOf(s.styles, layerId), ...change } } }));
}

export function setOpacity(layerId: string, opacity: number) {
  mapStyleStore.set((s) => ({ ...s, opacity: { ...s.opacity, [layerId]: opacity } }));
}

export function setFolded(group: LayerGroupId, folded: boolean) {
  mapStyleStore.set((s) => ({ ...s, folded: { ...s.folded, [group]: folded } }));
}

export function setSwipe(position: number) {
  mapStyleStore.set((s) => ({ ...s, swipe: position }));
}

export function setFactor(factor: FactorChoice | null) {
  mapStyleStore.set((s) => ({ ...s, factor }));
}

/** The layer id of a factor's choropleth (with the dataset prefix, so picking describes it as a choropleth). */
export function factorLayerId({ boundarySetId, name }: FactorChoice): string {
  return `d:factor:${boundarySetId}:${name}`;
}
