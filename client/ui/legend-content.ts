/**
 * What a legend says, already in words: what the layer panel shows beside a layer and what an
 * exported picture of the map repeats (client/features/export). Colours are CSS colours.
 */
export type LegendContent = ClassesLegendContent | SwatchLegendContent | GridLegendContent;

/** A classed choropleth: one row per class, then the areas without a value. */
export interface ClassesLegendContent {
  kind: 'classes';
  title: string;
  /** "Unit: %" */
  unit?: string;
  /** Method, classes, period and source, in one line. */
  caption: string;
  rows: { colour: string; label: string; count: string }[];
  /** The areas without a value, drawn hatched. */
  noData?: { label: string; count: string };
  /** The areas whose value is protected, drawn hatched too. */
  protectedRow?: { label: string; count: string };
  /** Further lines under the caption ("4 areas outside the range"). */
  notes?: string[];
}

/** A layer drawn in one colour: airports, a boundary set, sites. */
export interface SwatchLegendContent {
  kind: 'swatch';
  title: string;
  colour: string;
  shape: 'box' | 'band' | 'dot' | 'outline';
  /** Count, source and licence. */
  caption?: string;
}

/** A 3 × 3 bivariate legend: colours[row][column], row 0 the lowest class of the first indicator. */
export interface GridLegendContent {
  kind: 'grid';
  title: string;
  colours: string[][];
  /** The first indicator (rows, rising upwards) and the second (columns, rising rightwards). */
  rowAxis: string;
  columnAxis: string;
  caption: string;
  noData?: { label: string; count: string };
}
