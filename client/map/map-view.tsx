import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Map as MapLibreMap, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapContext } from './map-context';
import { setMapLocale, toMapLibreLocale, type MapUiStrings } from './set-map-locale';
import type { Camera } from '../lib/url-view';

// the worker is served from our own origin, never from a CDN
setWorkerUrl(workerUrl);

export interface MapViewProps {
  /** A MapLibre style served by the app (no third-party URLs in it). */
  styleUrl: string;
  /** Where the map opens; later changes are ignored (the map owns its camera). */
  initialCamera: Camera;
  /** MapLibre's own labels, in the current language. */
  uiStrings: MapUiStrings;
  /** Shown until the basemap style has loaded. */
  loadingLabel: string;
  /** Called on every camera move; throttle on the other side. */
  onCameraChange?: (camera: Camera) => void;
  /** Controls and overlays (<DeckOverlay>, <AttributionControl> …), mounted once the style is loaded. */
  children?: ReactNode;
}

/** A full-size MapLibre map; its children get the map through MapContext. */
export function MapView({ styleUrl, initialCamera, uiStrings, loadingLabel, onCameraChange, children }: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const onCameraChangeRef = useRef(onCameraChange);
  onCameraChangeRef.current = onCameraChange;
  const initial = useRef({ initialCamera, uiStrings, styleUrl }).current;

  useEffect(() => {
    const map = new MapLibreMap({
      container: containerRef.current!,
      style: initial.styleUrl,
      center: [initial.initialCamera.lng, initial.initialCamera.lat],
      zoom: initial.initialCamera.zoom,
      attributionControl: false,
      maplibreLogo: false,
      locale: toMapLibreLocale(initial.uiStrings),
      // no pitch or rotation: a thematic world map reads best flat and north-up
      maxPitch: 0,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      fadeDuration: 0,
    });
    map.touchZoomRotate.disableRotation();
    mapRef.current = map;
    let styleLoaded = false;
    map.once('style.load', () => (styleLoaded = true));
    map.on('load', () => setLoaded(true));
    map.on('error', (e) => {
      // a style that cannot load leaves a blank map: say so; a source that fails later is not fatal
      if (!styleLoaded) setError(new Error(e.error?.message || 'The basemap style failed to load'));
    });
    map.on('move', () => {
      const { lng, lat } = map.getCenter();
      onCameraChangeRef.current?.({ lng, lat, zoom: map.getZoom() });
    });
    return () => {
      setLoaded(false);
      mapRef.current = null;
      map.remove();
    };
  }, [initial]);

  // a layout effect runs before the controls' effects rebuild them with the new labels
  useLayoutEffect(() => {
    if (mapRef.current) setMapLocale(mapRef.current, uiStrings);
  }, [uiStrings]);

  if (error) throw error;

  return (
    <div ref={containerRef} className="map-view" aria-busy={!loaded}>
      {!loaded && (
        <p className="map-view__loading" role="status">
          {loadingLabel}
        </p>
      )}
      <MapContext.Provider value={loaded ? mapRef.current : null}>{loaded && children}</MapContext.Provider>
    </div>
  );
}
