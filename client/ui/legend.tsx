export interface GradientLegendProps {
  title: string;
  /** CSS background of the bar, low values on the left. */
  gradient: string;
  minLabel: string;
  maxLabel: string;
  note?: string;
}

/** A continuous colour scale: the bar and its two ends. */
export function GradientLegend({ title, gradient, minLabel, maxLabel, note }: GradientLegendProps) {
  return (
    <figure className="legend">
      <figcaption className="legend__title">{title}</figcaption>
      <div className="legend__bar" style={{ background: gradient }} aria-hidden="true" />
      <div className="legend__ends">
        <span>{minLabel}</span>
        <span>{maxLabel}</span>
      </div>
      {note && <p className="legend__note">{note}</p>}
    </figure>
  );
}
