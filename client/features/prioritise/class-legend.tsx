export interface ClassLegendProps {
  title: string;
  /** Lowest class first. */
  items: { label: string; colour: string; count: string; key: string }[];
  noScore: { label: string; count: string };
  unreliable: { label: string; count: string };
}

/** The map's classes with their number of areas, then the grey (no score) and the hatching (unreliable). */
export function ClassLegend({ title, items, noScore, unreliable }: ClassLegendProps) {
  return (
    <figure className="legend prioritise-legend" data-testid="prioritise-legend">
      <figcaption className="legend__title">{title}</figcaption>
      <ul>
        {[...items].reverse().map((i) => (
          <li key={i.key} data-class={i.key}>
            <span className="prioritise-swatch" style={{ background: i.colour }} aria-hidden="true" />
            <span>{i.label}</span>
            <span className="prioritise-legend__count">{i.count}</span>
          </li>
        ))}
        <li data-class="none">
          <span className="prioritise-swatch prioritise-swatch--none" aria-hidden="true" />
          <span>{noScore.label}</span>
          <span className="prioritise-legend__count">{noScore.count}</span>
        </li>
        <li data-class="unreliable">
          <span className="prioritise-swatch prioritise-swatch--hatched" aria-hidden="true" />
          <span>{unreliable.label}</span>
          <span className="prioritise-legend__count">{unreliable.count}</span>
        </li>
      </ul>
    </figure>
  );
}
