import type { Map as MapLibreMap } from 'maplibre-gl';

/** The MapLibre UI strings we translate (keys of MapLibre's `defaultLocale`). */
export interface MapUiStrings {
  /** The canvas's accessible name. */
  title: string;
  zoomIn: string;
  zoomOut: string;
  resetBearing: string;
  toggleAttribution: string;
}

export function toMapLibreLocale(s: MapUiStrings): Record<string, string> {
  return {
    'Map.Title': s.title,
    'NavigationControl.ZoomIn': s.zoomIn,
    'NavigationControl.ZoomOut': s.zoomOut,
    'NavigationControl.ResetBearing': s.resetBearing,
    'AttributionControl.ToggleAttribution': s.toggleAttribution,
  };
}

/**
 * Switches the language of MapLibre's own labels on a live map. MapLibre reads `locale` only in
 * its constructor and has no setter, so this patches the `_locale` table that controls read when
 * they are built (our controls are rebuilt on a language change) and relabels the canvas.
 */
export function setMapLocale(map: MapLibreMap, s: MapUiStrings): void {
  map._locale = { ...map._locale, ...toMapLibreLocale(s) };
  map.getCanvas().setAttribute('aria-label', s.title);
}
