export interface MapTooltipProps {
  /** Pointer position in pixels from the map's top-left corner. */
  x: number;
  y: number;
  title: string;
  detail?: string;
}

/** A tooltip that follows the pointer over the map. */
export function MapTooltip({ x, y, title, detail }: MapTooltipProps) {
  return (
    <div className="map-tooltip" role="tooltip" style={{ transform: `translate(${x + 14}px, ${y + 14}px)` }}>
      <strong>{title}</strong>
      {detail && <span className="map-tooltip__detail">{detail}</span>}
    </div>
  );
}
