import { useEffect } from 'react';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { useMap } from './map-context';
import { useControl } from './use-control';

export interface DeckOverlayProps {
  /** deck.gl layers with stable ids, from the factories in map/layers/. */
  layers: (Layer | null | false | undefined)[];
  onHover?: (info: PickingInfo) => void;
  onClick?: (info: PickingInfo) => void;
  /** The layers a click picks from, clicking through the others; every pickable layer when unset. */
  clickLayerIds?: string[];
  /** Called after each MapLibre frame that drew deck.gl layers, with their ids. */
  onRender?: (layerIds: string[]) => void;
}

/**
 * deck.gl layers drawn inside MapLibre's own layer stack (interleaved: one WebGL context, and
 * the basemap's labels stay above the data).
 */
export function DeckOverlay({ layers, onHover, onClick, clickLayerIds, onRender }: DeckOverlayProps) {
  const map = useMap();
  const overlay = useControl(
    () =>
      new MapLibreOverlay({
        interleaved: true,
        layers: [],
        getCursor: ({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab'),
      }),
  );

  useEffect(() => {
    const beforeId = firstLabelLayerId(map);
    const placed = layers
      .filter((l): l is Layer => !!l)
      .map((l) => (beforeId ? l.clone({ beforeId } as Partial<Layer['props']>) : l));
    overlay.current?.setProps({ layers: placed });
    // deck.gl adds its layer group to MapLibre only while the style reports itself loaded, which
    // it does not while a GeoJSON source is still loading: place the group once the map is idle
    const placeGroup = () => {
      if (placed.length > 0 && !hasDeckGroup(map)) overlay.current?.setProps({ layers: placed });
    };
    map.on('idle', placeGroup);
    const drawnIds = placed.filter((l) => l.props.visible).map((l) => l.id);
    const rendered = () => {
      if (drawnIds.length > 0 && hasDeckGroup(map)) onRender?.(drawnIds);
    };
    map.on('render', rendered);
    return () => {
      map.off('idle', placeGroup);
      map.off('render', rendered);
    };
  }, [map, overlay, layers, onHover, onRender]);

  // Hovers, like clicks, come from MapLibre's pointer events and are picked here, at most once a
  // frame: deck.gl's own hover picking in interleaved mode depends on its event manager seeing the
  // pointer through MapLibre's canvas container, which is not reliable.
  useEffect(() => {
    if (!onHover) return;
    let frame = 0;
    let last: { x: number; y: number } | null = null;
    const pick = () => {
      frame = 0;
      if (!last) return;
      const { x, y } = last;
      const info = overlay.current?.pickObject({ x, y, radius: 2 });
      map.getCanvas().style.cursor = info?.picked ? 'pointer' : '';
      onHover(info ?? ({ x, y, picked: false, object: null, layer: null, index: -1 } as unknown as PickingInfo));
    };
    const handleMove = (e: MapMouseEvent) => {
      last = { x: e.point.x, y: e.point.y };
      if (!frame) frame = requestAnimationFrame(pick);
    };
    const handleOut = () => {
      last = null;
      onHover({ x: -1, y: -1, picked: false, object: null, layer: null, index: -1 } as unknown as PickingInfo);
    };
    map.on('mousemove', handleMove);
    map.on('mouseout', handleOut);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      map.off('mousemove', handleMove);
      map.off('mouseout', handleOut);
    };
  }, [map, overlay, onHover]);

  // Clicks come from MapLibre (which already tells a click from a drag) and are picked here:
  // in interleaved mode deck.gl's own click recognizer never fires under MapLibre's handlers.
  useEffect(() => {
    if (!onClick) return;
    const handleClick = (e: MapMouseEvent) => {
      const info = overlay.current?.pickObject({ x: e.point.x, y: e.point.y, radius: 2, layerIds: clickLayerIds });
      if (info) onClick(info);
    };
    map.on('click', handleClick);
    return () => {
      map.off('click', handleClick);
    };
  }, [map, overlay, onClick, clickLayerIds]);

  return null;
}

/** The first symbol layer of the basemap, so that deck.gl's layers are drawn under its labels. */
function firstLabelLayerId(map: MapLibreMap): string | undefined {
  return map.getStyle()?.layers?.find((layer) => layer.type === 'symbol')?.id;
}

function hasDeckGroup(map: MapLibreMap): boolean {
  return map.getLayersOrder().some((id) => id.startsWith('deck-maplibre-layer-group'));
}
