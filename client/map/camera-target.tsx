import { useEffect } from 'react';
import { useMap } from './map-context';

/** Where to move the camera: an area's box ([west, south, east, north]) or a point at a zoom. */
export type CameraTarget = ({ bbox: [number, number, number, number] } | { lng: number; lat: number; zoom: number }) & {
  /** A new number moves again to the same place. */
  seq: number;
};

/**
 * Moves the map to `target` each time it changes (a child of <MapView>): a box is fitted with some
 * padding, a point flown to. No animation for users who ask for reduced motion.
 */
export function CameraTargetControl({ target, padding = 60 }: { target: CameraTarget | null; padding?: number }) {
  const map = useMap();
  useEffect(() => {
    if (!target) return;
    const animate = !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if ('bbox' in target) {
      const [w, s, e, n] = target.bbox;
      // an area across the antimeridian has its longitudes unwrapped past 180
      map.fitBounds([[w, s], [e, n]], { padding, maxZoom: 12, animate, duration: animate ? 800 : 0 });
    } else {
      map.flyTo({ center: [target.lng, target.lat], zoom: target.zoom, animate, duration: animate ? 800 : 0 });
    }
  }, [map, target, padding]);
  return null;
}
