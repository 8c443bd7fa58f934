import { describe, expect, it } from 'vitest';
import { layoutExport, LAYOUT, truncate, wrap, type DrawOp, type ExportLayoutInput, type Measure } from './export-layout';
import type { LegendContent } from '../../ui/legend-content';

// a monospaced stand-in for canvas measureText: 0.55 em per character
const measure: Measure = (text, font) => text.length * Number(/(\d+)px/.exec(font)![1]) * 0.55;

const classes: LegendContent = {
  kind: 'classes',
  title: 'Test rate',
  unit: 'Unit: %',
  caption: 'Quantiles, 5 classes · Period: 2024 · Source: Test survey 2024',
  rows: [
    { colour: 'rgb(68, 1, 84)', label: '3 – 7.4', count: '2 areas' },
    { colour: 'rgb(59, 82, 139)', label: '7.4 – 21', count: '2 areas' },
    { colour: 'rgb(33, 145, 140)', label: '21 – 40', count: '2 areas' },
  ],
  noData: { label: 'No data', count: '1 area' },
};
const swatch: LegendContent = { kind: 'swatch', title: 'Countries', colour: 'rgba(240, 228, 66, 0.5)', shape: 'box', caption: '241 features · Natural Earth · Public domain' };

function input(over: Partial<ExportLayoutInput> = {}): ExportLayoutInput {
  return {
    map: { width: 1280, height: 800 },
    title: 'Test rate, 2024',
    date: 'Exported 7 December 2026',
    legends: [classes, swatch],
    attribution: 'Natural Earth (public domain) · OpenStreetMap contributors (ODbL)',
    scale: { px: 118.8, label: '200 km', note: 'at 13° N' },
    ...over,
  };
}

const texts = (ops: DrawOp[], role?: string) => ops.filter((o): o is Extract<DrawOp, { op: 'text' }> => o.op === 'text' && (!role || o.role === role));
const inside = (o: { x: number; y: number }, b: { x: number; y: number; w: number; h: number }) => o.x >= b.x && o.x <= b.x + b.w && o.y >= b.y && o.y <= b.y + b.h;

describe('layoutExport', () => {
  it('puts the title and date above the map and the legend column right of it', () => {
    const layout = layoutExport(input(), measure);
    expect(layout.width).toBe(1280 + LAYOUT.legendWidth);
    const { map, legends, header, footer } = layout.boxes;
    expect(map).toEqual({ x: 0, y: header.h, w: 1280, h: 800 });
    expect(texts(layout.ops, 'title').map((t) => t.text)).toEqual(['Test rate, 2024']);
    expect(texts(layout.ops, 'date')[0].y).toBeLessThan(map.y);
    expect(legends.x).toBe(1280);
    for (const t of texts(layout.ops).filter((t) => t.role.startsWith('legend'))) expect(inside(t, legends), t.text).toBe(true);
    // the attribution under the map, inside the picture
    expect(footer.y).toBeGreaterThanOrEqual(map.y + map.h);
    expect(texts(layout.ops, 'attribution').every((t) => t.y >= footer.y && t.y < layout.height)).toBe(true);
  });

  it('lists every class, then no data, with each count, then the unit and the caption', () => {
    const layout = layoutExport(input({ legends: [classes] }), measure);
    expect(texts(layout.ops, 'legend-row').map((t) => t.text)).toEqual(['3 – 7.4', '7.4 – 21', '21 – 40', 'No data']);
    expect(texts(layout.ops, 'legend-count').map((t) => t.text)).toEqual(['2 areas', '2 areas', '2 areas', '1 area']);
    const notes = texts(layout.ops, 'legend-note').map((t) => t.text).join(' ');
    expect(notes).toBe('Unit: % Quantiles, 5 classes · Period: 2024 · Source: Test survey 2024');
    // a swatch of each class's colour and one hatched swatch for no data
    expect(layout.ops.filter((o) => o.op === 'rect' && o.fill?.startsWith('rgb(')).map((o) => (o as { fill: string }).fill)).toEqual(classes.rows.map((r) => r.colour));
    expect(layout.ops.filter((o) => o.op === 'hatch')).toHaveLength(1);
  });

  it('keeps every text inside the picture and out of the map, but for the scale bar', () => {
    const long = 'A very long title naming every layer shown: ' + 'Borderland zones · Populated places · Airports · '.repeat(6);
    const layout = layoutExport(input({ title: long, attribution: 'Source (licence) · '.repeat(40) }), measure);
    expect(texts(layout.ops, 'title').length).toBeGreaterThan(1);
    const { map } = layout.boxes;
    for (const t of texts(layout.ops)) {
      const w = measure(t.text, t.font);
      const [left, right] = t.align === 'left' ? [t.x, t.x + w] : [t.x - w, t.x];
      expect(left, t.text).toBeGreaterThanOrEqual(0);
      expect(right, t.text).toBeLessThanOrEqual(layout.width - LAYOUT.pad + 1e-9);
      if (t.role !== 'scale') expect(t.x >= map.x && t.x < map.x + map.w && t.y >= map.y && t.y < map.y + map.h, t.text).toBe(false);
    }
  });

  it('draws the scale bar its length over the lower left of the map', () => {
    const layout = layoutExport(input(), measure);
    const bar = layout.ops.find((o): o is Extract<DrawOp, { op: 'line' }> => o.op === 'line' && o.width === 3)!;
    expect(bar.x2 - bar.x1).toBeCloseTo(118.8, 9);
    const { map } = layout.boxes;
    expect(bar.x1).toBeLessThan(map.x + map.w / 4);
    expect(bar.y1).toBeGreaterThan(map.y + map.h * 0.9);
    expect(texts(layout.ops, 'scale').map((t) => t.text)).toEqual(['200 km', 'at 13° N']);
  });

  it('grows the picture when the legends reach below the map, the attribution under them', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...classes, title: `Layer ${i}` }));
    const layout = layoutExport(input({ map: { width: 600, height: 300 }, legends: many }), measure);
    const { map, legends, footer } = layout.boxes;
    expect(legends.h).toBeGreaterThan(map.h);
    expect(footer.y).toBeGreaterThanOrEqual(legends.y + legends.h);
    expect(layout.height).toBeGreaterThan(footer.y);
    // the legends follow one another without overlapping
    const titles = texts(layout.ops, 'legend-title');
    for (let i = 1; i < titles.length; i++) expect(titles[i].y).toBeGreaterThan(titles[i - 1].y + LAYOUT.rowHeight * 4);
  });

  it('has no legend column when no layer shows, and draws a bivariate grid rising upwards', () => {
    expect(layoutExport(input({ legends: [] }), measure).width).toBe(1280);
    const grid: LegendContent = {
      kind: 'grid', title: 'A × B', rowAxis: '↑ A', columnAxis: '→ B', caption: 'Thirds',
      colours: [['#000001', '#000002', '#000003'], ['#000004', '#000005', '#000006'], ['#000007', '#000008', '#000009']],
    };
    const cells = layoutExport(input({ legends: [grid] }), measure).ops.filter((o): o is Extract<DrawOp, { op: 'rect' }> => o.op === 'rect' && !!o.fill?.startsWith('#00000'));
    expect(cells).toHaveLength(9);
    const at = (fill: string) => cells.find((c) => c.fill === fill)!;
    // low–low at the bottom left, high–high at the top right
    expect(at('#000001').y).toBeGreaterThan(at('#000007').y);
    expect(at('#000009').x).toBeGreaterThan(at('#000007').x);
  });
});

describe('wrap and truncate', () => {
  it('break at spaces within the width, and cut a word wider than it with an ellipsis', () => {
    const lines = wrap('one two three four five six', '10px x', 60, measure);
    expect(lines).toEqual(['one two', 'three four', 'five six']);
    expect(wrap('a extraordinarily b', '10px x', 60, measure)).toEqual(['a', 'extraordi…', 'b']);
    expect(lines.every((l) => measure(l, '10px x') <= 60)).toBe(true);
    expect(truncate('abcdefghijklmnop', '10px x', 33, measure)).toBe('abcde…');
    expect(truncate('short', '10px x', 33, measure)).toBe('short');
  });
});
