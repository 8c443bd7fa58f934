import { useEffect } from 'react';
import { useMap } from '../../map/map-context';
import { mapHolder } from './interventions-ui-store';

/** Lends the loaded map to the interventions feature (for drawing zones); a child of <MapView>. */
export function InterventionsMapHost() {
  const map = useMap();
  useEffect(() => {
    mapHolder.current = map;
    return () => {
      if (mapHolder.current === map) mapHolder.current = null;
    };
  }, [map]);
  return null;
}
