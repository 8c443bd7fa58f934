/**
 * Interventions (issue 10): what a programme does where. The fields and their validation live
 * here, pure, so that the server, the import pipeline and the client's form check the same rules
 * and name the same fields in their errors.
 */
import { z } from 'zod';
import type { MultiPolygon, Polygon } from 'geojson';
import { ACTION_AREA_CODES, AUDIENCE_IDS, getActionArea, type ActionAreaCode, type StrategyCode } from './action-areas';
import { destination } from './geodesy';
import type { LngLat } from './types';
import { isCurrencyCode } from './currencies';

/** Weakest to strongest commitment; `cancelled` keeps the record but covers nothing. */
export const INTERVENTION_STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-03-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');

const lng = z.number().min(-540, 'longitude out of range').max(540, 'longitude out of range');
const lat = z.number().min(-90, 'latitude must lie within −90…90').max(90, 'latitude must lie within −90…90');
const position = z.tuple([lng, lat]).rest(z.number());
const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions (the first repeated last)')
  .max(20_000, 'a ring may have at most 20,000 positions')
  .refine((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1], 'a ring must end where it starts');
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(100) });
const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1).max(100)).min(1).max(100) });

/** Largest radius of a drawn circle: beyond it a country target says the same more clearly. */
export const MAX_CIRCLE_RADIUS_M = 500_000;

/**
 * Where an intervention acts: an area of any boundary set, a site, or a zone drawn on the map
 * (a GeoJSON polygon, or a geodesic circle given by its centre and radius).
 */
export const interventionTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('area'), boundarySetId: z.string().min(1).max(200), code: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal('site'), siteId: z.number().int().positive() }),
  z.object({ kind: z.literal('polygon'), geometry: z.union([polygon, multiPolygon]), label: z.string().trim().max(200).optional() }),
  z.object({ kind: z.literal('circle'), center: z.tuple([lng, lat]), radiusM: z.number().positive().max(MAX_CIRCLE_RADIUS_M, `a circle's radius may be at most ${MAX_CIRCLE_RADIUS_M / 1000} km`), label: z.string().trim().max(200).optional() }),
]);
export type InterventionTarget = z.infer<typeof interventionTargetSchema>;

const shape = {
  title: z.string().trim().min(1, 'give the intervention a title').max(300),
  actionArea: z.enum(ACTION_AREA_CODES, { error: (iss) => `unknown action-area code '${String(iss.input)}': expected one of the seed's codes (1.1 … 8.5, 6A.1, 6B.1 … 6B.4, 6C.1)` }),
  audiences: z.array(z.enum(AUDIENCE_IDS, { error: (iss) => `unknown audience '${String(iss.input)}'` })).max(40),
  targets: z.array(interventionTargetSchema).max(500, 'at most 500 targets'),
  /** The organisation that carries it out with the owner (in a 3W sheet: the "who"). */
  partner: z.string().trim().max(300).nullable(),
  status: z.enum(INTERVENTION_STATUSES, { error: (iss) => `unknown status '${String(iss.input)}': expected planned, ongoing, completed or cancelled` }),
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  budget: z.number().min(0, 'a budget cannot be negative').max(1e13).nullable(),
  /** ISO 4217 (USD, EUR, XOF …). */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as USD')
    .refine(isCurrencyCode, { error: (iss) => `unknown ISO 4217 currency '${String(iss.input)}' (expected one in use, such as USD, EUR or XOF)` })
    .nullable(),
  /** People the intervention means to reach. */
  reachTarget: z.number().int('a whole number of people').min(0, 'a reach target cannot be negative').max(1e10).nullable(),
  notes: z.string().max(10_000),
  sensitivity: z.enum(['public', 'internal', 'restricted']),
};

/** Rules that involve two fields, each reported on the field to fix. */
function crossChecks(v: { startDate?: string | null; endDate?: string | null; budget?: number | null; currency?: string | null }, ctx: z.RefinementCtx) {
  if (v.startDate && v.endDate && v.endDate < v.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: `the end (${v.endDate}) is before the start (${v.startDate})` });
  }
  if (v.budget !== null && v.budget !== undefined && !v.currency) {
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'a budget needs its currency (e.g. USD)' });
  }
}

/** A new intervention as the form or the API sends it: only the title and the code are required. */
export const interventionInputSchema = z
  .object({
    ...shape,
    audiences: shape.audiences.default([]),
    targets: shape.targets.default([]),
    partner: shape.partner.default(null),
    status: shape.status.default('planned'),
    startDate: shape.startDate.default(null),
    endDate: shape.endDate.default(null),
    budget: shape.budget.default(null),
    currency: shape.currency.default(null),
    reachTarget: shape.reachTarget.default(null),
    notes: shape.notes.default(''),
    sensitivity: shape.sensitivity.default('internal'),
  })
  .superRefine(crossChecks);
export type InterventionInput = z.input<typeof interventionInputSchema>;
export type InterventionFields = z.output<typeof interventionInputSchema>;
/** An intervention of a 3W sheet: its fields and, when the sheet reports it, the people reached so far. */
export type ImportedIntervention = InterventionFields & { reached?: { recordedOn: string; reach: number; note: string } | null };

/** A change: any subset of the fields (checked again, merged with the record, by the store). */
export const interventionPatchSchema = z.object(shape).partial();
export type InterventionPatch = z.infer<typeof interventionPatchSchema>;

/** The complete fields after a patch is merged, checked with the rules that span fields. */
export const interventionFieldsSchema = z.object(shape).superRefine(crossChecks);

/** One measurement of the people reached so far (Strategy 7: progress over time). */
export const reachEntrySchema = z.object({
  recordedOn: isoDate,
  /** People reached by that date, cumulative. */
  reach: z.number().int('a whole number of people').min(0, 'reach cannot be negative').max(1e10),
  note: z.string().trim().max(1000).default(''),
});
export type ReachEntryInput = z.input<typeof reachEntrySchema>;

/** The strategy an action-area code belongs to ('6B.2' → '6'). */
export function strategyOf(code: ActionAreaCode): StrategyCode {
  return getActionArea(code).strategy;
}

/**
 * A geodesic circle as a polygon: `steps` points at `radiusM` from the centre along great
 * circles, counter-clockwise, closed. Longitudes continue past ±180 without wrapping, as the
 * zone overlay expects.
 *
 * @example
 * circlePolygon([85.3, 27.7], 10_000).coordinates[0].length; // 65
 */
export function circlePolygon(center: LngLat, radiusM: number, steps = 64): Polygon {
  const ring: LngLat[] = [];
  // bearings clockwise from north; walking them backwards gives a counter-clockwise ring
  for (let i = 0; i < steps; i++) ring.push(destination(center, 360 - (360 * i) / steps, radiusM / 1000));
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The polygon of a drawn zone target (a circle as `circlePolygon`); null for areas and sites. */
export function zoneGeometry(target: InterventionTarget): Polygon | MultiPolygon | null {
  if (target.kind === 'polygon') return target.geometry as Polygon | MultiPolygon;
  if (target.kind === 'circle') return circlePolygon(target.center, target.radiusM);
  return null;
}
