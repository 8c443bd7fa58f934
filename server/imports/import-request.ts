import { z } from 'zod';
import { SENSITIVITIES } from '../domain/types';
import { CATEGORY_IDS } from '../domain/taxonomy';

/** What a user chose in the wizard (or on the CLI): one schema for both. */
export const importRequestSchema = z.object({
  kind: z.enum(['boundaries', 'sites', 'observations', 'interventions']),
  name: z.string().trim().min(1, 'give the dataset a name').max(200),
  source: z.string().trim().max(500).default('Uploaded file'),
  licence: z.string().trim().max(200).default('Unknown'),
  dataDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected a year or an ISO date (2021, 2021-06 or 2021-06-30)').nullable().default(null),
  sensitivity: z.enum(SENSITIVITIES as unknown as ['public', 'internal', 'restricted']).default('internal'),
  /** Text encoding: detected when absent. */
  encoding: z.string().optional(),
  /** How numbers are written. */
  locale: z.enum(['en', 'fr', 'de']).default('en'),
  /** TopoJSON object, shapefile layer or worksheet. */
  layer: z.string().optional(),

  // Boundaries
  codeField: z.string().optional(),
  nameField: z.string().optional(),
  parentField: z.string().nullable().optional(),
  level: z.number().int().min(0).max(5).optional(),

  // Sites
  /** A taxonomy id (domain/taxonomy.ts) for the whole file. */
  category: z.enum(CATEGORY_IDS, { error: (issue) => `unknown site category '${String(issue.input)}': expected a taxonomy id such as ${CATEGORY_IDS.slice(0, 3).join(', ')} (${CATEGORY_IDS.length} in all)` }).optional(),
  categoryField: z.string().optional(),
  latField: z.string().optional(),
  lngField: z.string().optional(),

  // Observations
  layout: z.enum(['long', 'wide']).optional(),
  areaField: z.string().optional(),
  indicatorField: z.string().optional(),
  indicator: z.string().optional(),
  periodField: z.string().optional(),
  period: z.string().optional(),
  valueField: z.string().optional(),
  lowerField: z.string().optional(),
  upperField: z.string().optional(),
  unit: z.string().default(''),
  direction: z.enum(['higher-more-risk', 'higher-less-risk']).default('higher-more-risk'),
  /** Keep only the rows whose `field` equals `equals` (e.g. State = Bihar, or one indicator). */
  filters: z.array(z.object({ field: z.string(), equals: z.string() })).default([]),
  joinTo: z.string().optional(),
  joinOn: z.enum(['auto', 'code', 'name']).default('auto'),
  // Interventions (a 3W sheet; areaField, joinTo, joinOn and matches as for observations).
  // Each column is proposed from the header when not named (importers/to-interventions.ts).
  orgField: z.string().optional(),
  activityField: z.string().optional(),
  statusField: z.string().optional(),
  startField: z.string().optional(),
  endField: z.string().optional(),
  titleField: z.string().optional(),
  budgetField: z.string().optional(),
  currencyField: z.string().optional(),
  /** People to reach. */
  reachField: z.string().optional(),
  /** People reached so far: a reach measurement dated dataDate, else the row's end when past, else the import day. */
  reachedField: z.string().optional(),
  /** The user's confirmations and fixes of the join: table key → area code (null: leave out). */
  matches: z.record(z.string(), z.string().nullable()).default({}),
});

export type ImportRequest = z.infer<typeof importRequestSchema>;
export type ImportRequestInput = z.input<typeof importRequestSchema>;
