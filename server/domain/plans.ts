/**
 * Local safety-net plans (issue 10, for municipal councils): which interventions a municipality
 * plans, who is responsible, when. The fields and their validation live here, pure, so that the
 * server and the client's form check the same rules and name the same fields in their errors.
 * The geometry helpers below draw the plan's map (PDF and print) from the area's own geometry.
 */
import { z } from 'zod';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { interventionInputSchema } from './interventions';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-03-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');

/** Most rows a plan may hold. */
export const MAX_PLAN_ITEMS = 200;

/**
 * One row of a plan: an existing intervention by id, or a new one created with the plan (in the
 * same transaction; `newIntervention` takes the intervention form's fields).
 */
export const planItemSchema = z
  .object({
    interventionId: z.string().trim().min(1, 'choose an intervention').max(100).optional(),
    newIntervention: z.lazy(() => interventionInputSchema).optional(),
    /** Who carries it out locally: a service, an office, a person's role. */
    responsibility: z.string().trim().max(300).default(''),
    startDate: isoDate.nullable().default(null),
    endDate: isoDate.nullable().default(null),
    notes: z.string().max(5000).default(''),
  })
  .superRefine((v, ctx) => {
    if (!v.interventionId === !v.newIntervention) {
      ctx.addIssue({ code: 'custom', path: ['interventionId'], message: 'give either an existing intervention (interventionId) or a new one (newIntervention)' });
    }
    if (v.startDate && v.endDate && v.endDate < v.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `the end (${v.endDate}) is before the start (${v.startDate})` });
    }
  });
export type PlanItemInput = z.input<typeof planItemSchema>;
export type PlanItemFields = z.output<typeof planItemSchema>;

const shape = {
  title: z.string().trim().min(1, 'give the plan a title').max(300),
  notes: z.string().max(10_000),
  sensitivity: z.enum(['public', 'internal', 'restricted'], { error: (iss) => `unknown sensitivity '${String(iss.input)}': expected public, internal or restricted` }),
  items: z.array(planItemSchema).max(MAX_PLAN_ITEMS, `a plan may hold at most ${MAX_PLAN_ITEMS} rows`),
};

/** A new plan: its municipality (an area of any boundary set) and title are required. */
export const planInputSchema = z.object({
  boundarySetId: z.string().trim().min(1, 'choose the boundary set of the municipality').max(200),
  areaCode: z.string().trim().min(1, 'choose the municipality').max(100),
  ...shape,
  notes: shape.notes.default(''),
  sensitivity: shape.sensitivity.default('internal'),
  items: shape.items.default([]),
});
export type PlanInput = z.input<typeof planInputSchema>;
export type PlanFields = z.output<typeof planInputSchema>;

/** A change: any of the title, notes, sensitivity and the rows (given whole). */
export const planPatchSchema = z.object(shape).partial();
export type PlanPatch = z.input<typeof planPatchSchema>;

/**
 * The issues of a zod error as `field: message` joined by '; ' (what the API's message says).
 *
 * @example
 * issuesMessage(planInputSchema.safeParse({ boundarySetId: 's', areaCode: 'A', title: '' }).error!); // 'title: give the plan a title'
 */
export function issuesMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

// Characters of Windows-1252 above 0x7F that are not Latin-1 (what the PDF's standard fonts encode).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the PDF's built-in Helvetica can draw (WinAnsi): French and most Western European names
 * as they are; other letters without the marks it lacks (Łódź → Lódz, Hải Phòng → Hai Phòng), others '?'.
 *
 * @example
 * toWinAnsi('Saint-Étienne – Œuvre'); // 'Saint-Étienne – Œuvre'
 * toWinAnsi('Łódź'); // 'Lódz'
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 9 || c === 10 || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) {
      out += ch;
      continue;
    }
    const special: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ø: 'O', ø: 'o', ı: 'i', ß: 'ss', '−': '-', '…': '...', '\u00a0': ' ', '≥': '>=', '≤': '<=' };
    if (special[ch]) {
      out += special[ch];
      continue;
    }
    const bare = ch.normalize('NFD').replace(/\p{Diacritic}/gu, '');
    out += [...bare].every((b) => b.codePointAt(0)! < 0x100) && bare !== '' ? bare : '?';
  }
  return out;
}

/** The symbols a plan's map draws sites with, one per category in name order: told apart by shape, not colour (PDF and print). */
export const SITE_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'triangle-down', 'plus'] as const;
export type SiteSymbol = (typeof SITE_SYMBOLS)[number];

/** [minLng, minLat, maxLng, maxLat]. */
export type BBox = [number, number, number, number];

/**
 * The bounding box of polygons' outer and inner rings.
 *
 * @example
 * bboxOf([{ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] }]); // [0, 0, 2, 1]
 */
export function bboxOf(geometries: (Polygon | MultiPolygon)[]): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  }
  return b;
}

/**
 * A ring clipped to a box (Sutherland–Hodgman): what of a large zone lies over the map's frame.
 * The result is closed; empty when nothing of the ring is inside.
 *
 * @example
 * clipRingToBox([[-1, -1], [3, -1], [3, 3], [-1, 3], [-1, -1]], [0, 0, 2, 2]).length; // 5
 */
export function clipRingToBox(ring: Position[], [x0, y0, x1, y1]: BBox): Position[] {
  let pts = ring.slice(0, ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? -1 : undefined);
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  for (const [inside, cross] of edges) {
    if (pts.length === 0) break;
    const next: Position[] = [];
    for (let i = 0; i < pts.length; i++) {
      const cur = pts[i];
      const prev = pts[(i + pts.length - 1) % pts.length];
      if (inside(cur)) {
        if (!inside(prev)) next.push(cross(prev, cur));
        next.push(cur);
      } else if (inside(prev)) next.push(cross(prev, cur));
    }
    pts = next;
  }
  return pts.length >= 3 ? [...pts, pts[0]] : [];
}

/** Map coordinates to a frame: x to the right, y down, the same scale both ways at the area's middle latitude. */
export interface FrameProjection {
  project(lng: number, lat: number): [number, number];
  /** The drawn extent of the box in frame units. */
  width: number;
  height: number;
  /** Kilometres per frame unit (for the scale bar). */
  kmPerUnit: number;
}

/**
 * An equirectangular projection of a box into a frame of `width` × `height` units, scaled by the
 * cosine of the box's middle latitude so that a municipality keeps its shape, centred, with a margin.
 *
 * @example
 * const p = fitProjection([0, 0, 2, 1], 200, 200, 0);
 * p.project(0, 1); // ≈ [0, 50]: the box's north-west corner, about 200 × 100 units centred vertically
 */
export function fitProjection([x0, y0, x1, y1]: BBox, width: number, height: number, margin = 8): FrameProjection {
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  const w = Math.max((x1 - x0) * k, 1e-9);
  const h = Math.max(y1 - y0, 1e-9);
  const scale = Math.min((width - 2 * margin) / w, (height - 2 * margin) / h);
  const dx = (width - w * scale) / 2;
  const dy = (height - h * scale) / 2;
  return {
    project: (lng, lat) => [dx + (lng - x0) * k * scale, dy + (y1 - lat) * scale],
    width: w * scale,
    height: h * scale,
    kmPerUnit: 111.32 / scale,
  };
}

/**
 * A round length for a scale bar at most `maxKm` long (1, 2 or 5 × 10ⁿ km).
 *
 * @example
 * scaleBarKm(37); // 20
 */
export function scaleBarKm(maxKm: number): number {
  if (!(maxKm > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(maxKm));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= maxKm) ?? p;
}
