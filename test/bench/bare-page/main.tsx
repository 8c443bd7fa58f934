// The anchor for the bundle-size benchmark: only React, MapLibre and deck.gl, built the same way.
import { createRoot } from 'react-dom/client';
import { useEffect, useRef } from 'react';
import { Map, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import 'maplibre-gl/dist/maplibre-gl.css';

setWorkerUrl(workerUrl);

function Bare() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const map = new Map({ container: ref.current!, style: { version: 8, sources: {}, layers: [] } });
    const overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [
        new GeoJsonLayer({ id: 'g', data: [] }),
        new PathLayer({ id: 'p', data: [] }),
        new ScatterplotLayer({ id: 's', data: [] }),
      ],
    });
    map.addControl(overlay);
    return () => map.remove();
  }, []);
  return <div ref={ref} style={{ position: 'absolute', inset: 0 }} />;
}

createRoot(document.getElementById('root')!).render(<Bare />);
