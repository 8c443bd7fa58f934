import { NavigationControl as MapLibreNavigation, type ControlPosition } from 'maplibre-gl';
import { useControl } from './use-control';

/** Zoom buttons (no compass: the map does not rotate). Rebuilt when `lang` changes. */
export function NavigationControl({ position, lang }: { position: ControlPosition; lang: string }) {
  useControl(() => new MapLibreNavigation({ showCompass: false }), position, [lang]);
  return null;
}
