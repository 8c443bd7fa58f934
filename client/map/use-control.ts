import { useEffect, useRef } from 'react';
import type { ControlPosition, IControl, Map as MapLibreMap } from 'maplibre-gl';
import { useMap } from './map-context';

/**
 * Adds a MapLibre control for the life of the component, the way react-map-gl's use-control.ts
 * does; the control is rebuilt when a value in `deps` changes (its labels' language, say).
 * Returns a ref to the live control, for imperative updates (`overlay.setProps`).
 */
export function useControl<T extends IControl>(
  create: (map: MapLibreMap) => T,
  position?: ControlPosition,
  deps: readonly unknown[] = [],
): { readonly current: T | null } {
  const map = useMap();
  const ref = useRef<T | null>(null);
  useEffect(() => {
    // built here rather than during render so that a StrictMode remount gets a fresh control
    const control = create(map);
    ref.current = control;
    map.addControl(control, position);
    return () => {
      ref.current = null;
      if (map.hasControl(control)) map.removeControl(control);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, position, ...deps]);
  return ref;
}
