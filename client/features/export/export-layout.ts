import type { LegendContent } from '../../ui/legend-content';

/** Measures a text's width in CSS pixels in a canvas font (the canvas's measureText in the app). */
export type Measure = (text: string, font: string) => number;

/** One thing to paint, in CSS pixels of the exported picture (scaled by the pixel ratio when drawn). */
export type DrawOp =
  | { op: 'map'; x: number; y: number; w: number; h: number }
  | { op: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string }
  | { op: 'hatch'; x: number; y: number; w: number; h: number }
  | { op: 'dot'; x: number; y: number; r: number; fill: string }
  | { op: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number }
  | { op: 'text'; x: number; y: number; text: string; font: string; fill: string; align: 'left' | 'right'; role: TextRole };

/** What a text is, so that tests (and readers of the layout) can find it. */
export type TextRole = 'title' | 'date' | 'legend-title' | 'legend-row' | 'legend-count' | 'legend-note' | 'scale' | 'attribution';

export interface ExportLayoutInput {
  /** The map's size in CSS pixels. */
  map: { width: number; height: number };
  title: string;
  /** The date line, already formatted ("Exported 7 December 2026"). */
  date: string;
  legends: LegendContent[];
  /** The sources and their licences, in one line (wrapped to the picture's width). */
  attribution: string;
  /** The scale bar: its length in CSS pixels and its label ("200 km"), with a note (its latitude). */
  scale: { px: number; label: string; note: string } | null;
}

export interface ExportLayout {
  width: number;
  height: number;
  /** Painted in order. */
  ops: DrawOp[];
  /** Where each part went, for tests: the map, the legend column, the header and the footer. */
  boxes: Record<'map' | 'legends' | 'header' | 'footer', { x: number; y: number; w: number; h: number }>;
}

/** @default sizes of the layout, CSS pixels */
export const LAYOUT = {
  /** Margin around and between the parts. */
  pad: 16,
  /** Width of the legend column right of the map (none when no layer shows). */
  legendWidth: 300,
  /** Swatch of a legend row. */
  swatch: { w: 18, h: 12 },
  /** Height of a legend row. */
  rowHeight: 18,
  /** Gap between two legends. */
  legendGap: 14,
  /** Size of one cell of a bivariate grid. */
  gridCell: 22,
} as const;

const FONT = 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const FONTS = {
  title: `600 22px ${FONT}`,
  date: `13px ${FONT}`,
  legendTitle: `600 14px ${FONT}`,
  row: `12px ${FONT}`,
  note: `11px ${FONT}`,
  scale: `600 12px ${FONT}`,
} as const;
// line heights of those fonts
const LINE = { title: 28, date: 18, legendTitle: 18, note: 15, attribution: 15 };
const INK = '#1a1a1a';
const MUTED = '#4d4d4d';

/**
 * Lays out an exported map: the title and date above, the map, the legend of every visible layer
 * in a column on its right, the scale bar over the map's lower left corner and the attribution
 * under everything. Pure: text widths come from `measure`.
 */
export function layoutExport(input: ExportLayoutInput, measure: Measure): ExportLayout {
  const { pad } = LAYOUT;
  const mapW = Math.max(1, Math.round(input.map.width));
  const mapH = Math.max(1, Math.round(input.map.height));
  const legendW = input.legends.length > 0 ? LAYOUT.legendWidth : 0;
  const width = mapW + legendW;
  const ops: DrawOp[] = [];

  // the header: the title, wrapped, then the date
  let y = pad;
  for (const line of wrap(input.title, FONTS.title, width - 2 * pad, measure)) {
    ops.push({ op: 'text', x: pad, y, text: line, font: FONTS.title, fill: INK, align: 'left', role: 'title' });
    y += LINE.title;
  }
  ops.push({ op: 'text', x: pad, y, text: input.date, font: FONTS.date, fill: MUTED, align: 'left', role: 'date' });
  y += LINE.date + pad / 2;
  const header = { x: 0, y: 0, w: width, h: y };

  const map = { x: 0, y, w: mapW, h: mapH };
  ops.push({ op: 'map', ...map });

  // the legends, top-most layer first
  const column = { x: mapW + pad, y: y, w: legendW - 2 * pad };
  let ly = column.y;
  for (const legend of input.legends) {
    ly = layoutLegend(legend, column.x, ly, column.w, measure, ops) + LAYOUT.legendGap;
  }
  const legendsH = input.legends.length > 0 ? ly - LAYOUT.legendGap - column.y : 0;
  const legends = { x: mapW, y: column.y, w: legendW, h: legendsH };

  // the scale bar on a pale ground, over the map's lower left corner
  if (input.scale) {
    const { px, label, note } = input.scale;
    const textW = Math.max(measure(label, FONTS.scale), measure(note, FONTS.note));
    const boxW = Math.ceil(Math.max(px, textW) + 16);
    const boxH = 44;
    const bx = map.x + pad;
    const by = map.y + map.h - pad - boxH;
    ops.push({ op: 'rect', x: bx, y: by, w: boxW, h: boxH, fill: 'rgba(255, 255, 255, 0.85)' });
    const barY = by + 10;
    ops.push({ op: 'line', x1: bx + 8, y1: barY, x2: bx + 8 + px, y2: barY, stroke: INK, width: 3 });
    ops.push({ op: 'line', x1: bx + 8, y1: barY - 5, x2: bx + 8, y2: barY + 5, stroke: INK, width: 2 });
    ops.push({ op: 'line', x1: bx + 8 + px, y1: barY - 5, x2: bx + 8 + px, y2: barY + 5, stroke: INK, width: 2 });
    ops.push({ op: 'text', x: bx + 8, y: barY + 7, text: label, font: FONTS.scale, fill: INK, align: 'left', role: 'scale' });
    ops.push({ op: 'text', x: bx + 8, y: barY + 21, text: note, font: FONTS.note, fill: MUTED, align: 'left', role: 'scale' });
  }

  // the attribution under the map and the legends, whichever reaches lower
  let fy = Math.max(map.y + map.h, legends.y + legends.h) + pad / 2;
  const footerTop = fy;
  for (const line of wrap(input.attribution, FONTS.note, width - 2 * pad, measure)) {
    ops.push({ op: 'text', x: pad, y: fy, text: line, font: FONTS.note, fill: MUTED, align: 'left', role: 'attribution' });
    fy += LINE.attribution;
  }
  const height = Math.ceil(fy + pad / 2);
  const footer = { x: 0, y: footerTop, w: width, h: height - footerTop };

  // a white ground under everything
  ops.unshift({ op: 'rect', x: 0, y: 0, w: width, h: height, fill: '#ffffff' });
  return { width, height, ops, boxes: { map, legends, header, footer } };
}

/** Lays out one legend from `y` down; returns where it ends. */
function layoutLegend(legend: LegendContent, x: number, y: number, w: number, measure: Measure, ops: DrawOp[]): number {
  const { swatch, rowHeight } = LAYOUT;
  const note = (text: string) => {
    for (const line of wrap(text, FONTS.note, w, measure)) {
      ops.push({ op: 'text', x, y, text: line, font: FONTS.note, fill: MUTED, align: 'left', role: 'legend-note' });
      y += LINE.note;
    }
  };
  const title = (text: string, indent = 0) => {
    for (const line of wrap(text, FONTS.legendTitle, w - indent, measure)) {
      ops.push({ op: 'text', x: x + indent, y, text: line, font: FONTS.legendTitle, fill: INK, align: 'left', role: 'legend-title' });
      y += LINE.legendTitle;
    }
  };
  const row = (draw: (sx: number, sy: number) => void, label: string, count: string) => {
    const sy = y + (rowHeight - swatch.h) / 2 - 2;
    draw(x, sy);
    const countW = measure(count, FONTS.row);
    // the label gives way to the count: cut with an ellipsis when both do not fit
    const labelW = w - swatch.w - 8 - countW - 8;
    ops.push({ op: 'text', x: x + swatch.w + 8, y, text: truncate(label, FONTS.row, labelW, measure), font: FONTS.row, fill: INK, align: 'left', role: 'legend-row' });
    if (count) ops.push({ op: 'text', x: x + w, y, text: count, font: FONTS.row, fill: MUTED, align: 'right', role: 'legend-count' });
    y += rowHeight;
  };
  const hatched = (sx: number, sy: number) => {
    ops.push({ op: 'hatch', x: sx, y: sy, w: swatch.w, h: swatch.h });
    ops.push({ op: 'rect', x: sx, y: sy, w: swatch.w, h: swatch.h, stroke: '#767676' });
  };

  if (legend.kind === 'swatch') {
    // the swatch beside the title, as the layer panel shows it
    const sy = y + 3;
    if (legend.shape === 'dot') ops.push({ op: 'dot', x: x + swatch.w / 2, y: sy + swatch.h / 2, r: 5, fill: legend.colour });
    else if (legend.shape === 'outline') ops.push({ op: 'rect', x: x + 1, y: sy, w: swatch.w - 2, h: swatch.h, stroke: legend.colour });
    else ops.push({ op: 'rect', x, y: legend.shape === 'band' ? sy + 3 : sy, w: swatch.w, h: legend.shape === 'band' ? swatch.h - 6 : swatch.h, fill: legend.colour });
    title(legend.title, swatch.w + 8);
    if (legend.caption) note(legend.caption);
    return y;
  }

  title(legend.title);
  if (legend.kind === 'classes') {
    y += 2;
    for (const r of legend.rows) {
      row((sx, sy) => ops.push({ op: 'rect', x: sx, y: sy, w: swatch.w, h: swatch.h, fill: r.colour }), r.label, r.count);
    }
    for (const r of [legend.noData, legend.protectedRow]) if (r) row(hatched, r.label, r.count);
    if (legend.unit) note(legend.unit);
    note(legend.caption);
    for (const n of legend.notes ?? []) note(n);
    return y;
  }

  // the 3 × 3 grid: rows of the first indicator rising upwards, columns of the second rightwards
  y += 4;
  const cell = LAYOUT.gridCell;
  const size = legend.colours.length;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < legend.colours[r].length; c++) {
      ops.push({ op: 'rect', x: x + c * cell, y: y + (size - 1 - r) * cell, w: cell, h: cell, fill: legend.colours[r][c] });
    }
  }
  y += size * cell + 6;
  note(legend.rowAxis);
  note(legend.columnAxis);
  if (legend.noData) row(hatched, legend.noData.label, legend.noData.count);
  note(legend.caption);
  return y;
}

/** Splits a text into lines no wider than `width` at spaces; a word wider than that stands alone, cut. */
export function wrap(text: string, font: string, width: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(next, font) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => truncate(l, font, width, measure));
}

/** The text, cut and ended with an ellipsis when it is wider than `width`. */
export function truncate(text: string, font: string, width: number, measure: Measure): string {
  if (measure(text, font) <= width) return text;
  let cut = text;
  while (cut.length > 1 && measure(`${cut}…`, font) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
