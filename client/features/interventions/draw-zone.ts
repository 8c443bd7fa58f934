/**
 * Drawing a zone on the map with terra-draw's MapLibre adapter: a polygon (click its corners,
 * Enter or a click on the first corner closes it) or a circle (click the centre, move, click), as
 * an intervention target. Circles are drawn geodesic and returned as centre and radius.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Polygon } from 'geojson';
import { TerraDraw, TerraDrawCircleMode, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { InterventionTarget } from '../../../server/domain/interventions';
import { circleFromRing } from './circle-from-ring';

export type DrawKind = 'polygon' | 'circle';

export interface DrawSession {
  /** Ends drawing and removes what was drawn from the map. */
  stop(): void;
}

/**
 * Starts drawing one zone; `onDrawn` gets the target once the shape is finished (drawing stops
 * then). Call `stop()` to give up.
 */
export function startDrawing(map: MapLibreMap, kind: DrawKind, onDrawn: (target: InterventionTarget) => void): DrawSession {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 7 }),
    modes: [new TerraDrawPolygonMode(), new TerraDrawCircleMode({ projection: 'globe' })],
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      draw.clear();
    } catch {
      // not enabled yet: nothing drawn
    }
    draw.stop();
  };
  draw.on('finish', (id) => {
    const feature = draw.getSnapshotFeature(id);
    if (!feature || feature.geometry.type !== 'Polygon') return;
    const geometry = feature.geometry as Polygon;
    const target: InterventionTarget =
      kind === 'circle'
        ? circleFromRing(geometry.coordinates[0], Number(feature.properties.radiusKilometers))
        : { kind: 'polygon', geometry: { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(([x, y]) => [x, y])) } };
    stop();
    onDrawn(target);
  });
  draw.start();
  draw.setMode(kind);
  return { stop };
}
