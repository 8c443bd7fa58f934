export interface ClassLegendRow {
  /** CSS colour of the class. */
  colour: string;
  /** "10 – 20" */
  label: string;
  /** "3 areas" */
  count: string;
}

export interface ClassLegendProps {
  title: string;
  /** Method, classes, period and source, in one line. */
  caption: string;
  unit?: string;
  rows: ClassLegendRow[];
  /** The areas without a value, drawn hatched. */
  noData?: { label: string; count: string };
  /** The areas whose value is protected, drawn hatched too. */
  protectedRow?: { label: string; count: string };
  /** The breaks as numbers, for tests and exports. */
  breaks: readonly number[];
  testId?: string;
}

/** A classed colour scale: one row per class, then no data, each with its count of areas. */
export function ClassLegend({ title, caption, unit, rows, noData, protectedRow, breaks, testId }: ClassLegendProps) {
  return (
    <figure className="legend class-legend" data-testid={testId} data-breaks={JSON.stringify(breaks)}>
      <figcaption className="legend__title">{title}</figcaption>
      <ul className="class-legend__rows">
        {rows.map((row, i) => (
          <li key={i} className="class-legend__row">
            <span className="class-legend__swatch" style={{ background: row.colour }} aria-hidden="true" />
            <span className="class-legend__label">{row.label}</span>
            <span className="class-legend__count">{row.count}</span>
          </li>
        ))}
        {[noData, protectedRow].map(
          (row, i) =>
            row && (
              <li key={`n${i}`} className="class-legend__row class-legend__row--no-data">
                <span className="class-legend__swatch class-legend__swatch--no-data" aria-hidden="true" />
                <span className="class-legend__label">{row.label}</span>
                <span className="class-legend__count">{row.count}</span>
              </li>
            ),
        )}
      </ul>
      {unit && <p className="legend__note">{unit}</p>}
      <p className="legend__note">{caption}</p>
    </figure>
  );
}
