import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useMap } from './map-context';

/** The layers drawn either side of the divider, by id, with what each side shows. */
export interface SwipeSidesProps {
  left: string[];
  right: string[];
  leftLabel: string;
  rightLabel: string;
}

/** The divider's least and greatest position, as a share of the map's width. */
export const SWIPE_MIN = 0.05;
export const SWIPE_MAX = 0.95;

// the clip bounds reach past the world copies either side; latitudes as Web Mercator draws them
const FAR_LNG = 720;
const MAX_LAT = 85.06;

/**
 * The layers with those of each side clipped at the divider (deck.gl ClipExtension `clipBounds`,
 * in longitude and latitude; the layers are built with the extension, map/layers/user-choropleth.ts).
 * The divider is a screen position: its longitude follows the camera.
 */
export function useSwipeLayers(layers: Layer[], sides: SwipeSidesProps | null, position: number): Layer[] {
  const map = useMap();
  const [lng, setLng] = useState(() => lngAt(map, position));
  const active = !!sides;
  useEffect(() => {
    if (!active) return;
    const update = () => setLng(lngAt(map, position));
    update();
    map.on('move', update);
    map.on('resize', update);
    return () => {
      map.off('move', update);
      map.off('resize', update);
    };
  }, [map, position, active]);
  return useMemo(() => {
    if (!sides) return layers;
    const left = new Set(sides.left);
    const right = new Set(sides.right);
    return layers.map((layer) =>
      left.has(layer.id)
        ? layer.clone({ clipBounds: [-FAR_LNG, -MAX_LAT, lng, MAX_LAT] } as Partial<Layer['props']>)
        : right.has(layer.id)
          ? layer.clone({ clipBounds: [lng, -MAX_LAT, FAR_LNG, MAX_LAT] } as Partial<Layer['props']>)
          : layer,
    );
  }, [layers, sides, lng]);
}

/** The longitude under a share of the map's width, at mid-height (north up). */
function lngAt(map: MapLibreMap, position: number): number {
  const canvas = map.getCanvas();
  const width = canvas.clientWidth || canvas.width;
  return map.unproject([width * position, (canvas.clientHeight || canvas.height) / 2]).lng;
}

export interface SwipeDividerProps {
  /** 0.05–0.95 of the map's width. */
  position: number;
  onChange: (position: number) => void;
  /** The divider's accessible name ("Divider between 2015-16 and 2019-21"). */
  label: string;
  /** Read aloud for the position ("42 % from the left"). */
  valueText: string;
  leftLabel: string;
  rightLabel: string;
}

/**
 * A vertical divider over the map, dragged with the pointer or moved with the arrow keys (Shift
 * for larger steps, Home and End for the ends): an ARIA slider.
 */
export function SwipeDivider({ position, onChange, label, valueText, leftLabel, rightLabel }: SwipeDividerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const clamp = (p: number) => Math.min(SWIPE_MAX, Math.max(SWIPE_MIN, p));
  const fromPointer = (e: PointerEvent) => {
    const box = ref.current?.parentElement?.getBoundingClientRect();
    if (box && box.width > 0) onChange(clamp((e.clientX - box.left) / box.width));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 0.1 : 0.02;
    const next =
      e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? position - step
      : e.key === 'ArrowRight' || e.key === 'ArrowUp' ? position + step
      : e.key === 'Home' ? SWIPE_MIN
      : e.key === 'End' ? SWIPE_MAX
      : null;
    if (next === null) return;
    e.preventDefault();
    onChange(clamp(Math.round(next * 100) / 100));
  };
  return (
    <div ref={ref} className="swipe-divider" style={{ left: `${position * 100}%` }} data-testid="swipe-divider">
      <span className="swipe-divider__label swipe-divider__label--left">{leftLabel}</span>
      <span className="swipe-divider__label swipe-divider__label--right">{rightLabel}</span>
      <div
        className="swipe-divider__handle"
        role="slider"
        tabIndex={0}
        aria-label={label}
        aria-orientation="horizontal"
        aria-valuemin={Math.round(SWIPE_MIN * 100)}
        aria-valuemax={Math.round(SWIPE_MAX * 100)}
        aria-valuenow={Math.round(position * 100)}
        aria-valuetext={valueText}
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          e.preventDefault();
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e);
        }}
      />
    </div>
  );
}
