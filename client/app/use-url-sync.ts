import { useEffect, useMemo, type RefObject } from 'react';
import { throttle } from '../lib/throttle';
import { formatViewParams, type Camera } from '../lib/url-view';
import type { ViewStore } from './view-store';

/**
 * Keeps the URL in step with the view (history.replaceState: no history entry per pan), so a
 * reload or a shared link gives the same view. Returns the handler for camera moves, throttled.
 */
export function useUrlSync(store: ViewStore, cameraRef: RefObject<Camera>): (camera: Camera) => void {
  const write = useMemo(
    () => () => {
      const { layers, datasets, choropleths, borderKm, areaCode, areaSet, lang } = store.get();
      const search = formatViewParams({ camera: cameraRef.current, layers, datasets, choropleths, borderKm, areaCode, areaSet, lang });
      if (search !== location.search) history.replaceState(history.state, '', search + location.hash);
    },
    [store, cameraRef],
  );

  useEffect(() => {
    write();
    return store.subscribe(write);
  }, [store, write]);

  const onCameraChange = useMemo(() => {
    const throttled = throttle(write, 400);
    return Object.assign(
      (camera: Camera) => {
        cameraRef.current = camera;
        throttled();
      },
      { cancel: throttled.cancel },
    );
  }, [write, cameraRef]);

  useEffect(() => () => onCameraChange.cancel(), [onCameraChange]);

  return onCameraChange;
}
