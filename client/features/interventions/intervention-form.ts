/**
 * The intervention form's values (strings, as the inputs hold them) and their way to and from
 * the API: a record or a suggestion's draft into the form, the form into `interventions.create`
 * input or an `interventions.update` patch, checked by the same schema as the server.
 */
import type { ActionAreaCode, AudienceId } from '../../../server/domain/action-areas';
import {
  interventionInputSchema,
  type InterventionInput,
  type InterventionPatch,
  type InterventionStatus,
  type InterventionTarget,
} from '../../../server/domain/interventions';
import type { Sensitivity } from '../../../server/domain/types';

/** A target as the form holds it: what the API takes, and the name to show when known. */
export type FormTarget = InterventionTarget & { name?: string | null };

export interface InterventionFormValues {
  title: string;
  /** '' until one is chosen. */
  actionArea: ActionAreaCode | '';
  audiences: AudienceId[];
  targets: FormTarget[];
  partner: string;
  status: InterventionStatus;
  /** YYYY-MM-DD or ''. */
  startDate: string;
  endDate: string;
  /** As typed: '' for none; a comma is read as the decimal point. */
  budget: string;
  currency: string;
  reachTarget: string;
  notes: string;
  sensitivity: Sensitivity;
}

/** The fields of the form, in its order (the conflict view lists them in the same order). */
export const FORM_FIELDS = [
  'title', 'actionArea', 'audiences', 'targets', 'partner', 'status', 'startDate', 'endDate',
  'budget', 'currency', 'reachTarget', 'notes', 'sensitivity',
] as const satisfies readonly (keyof InterventionFormValues)[];
export type FormField = (typeof FORM_FIELDS)[number];

export function emptyForm(): InterventionFormValues {
  return {
    title: '', actionArea: '', audiences: [], targets: [], partner: '', status: 'planned', startDate: '', endDate: '',
    budget: '', currency: '', reachTarget: '', notes: '', sensitivity: 'internal',
  };
}

/** The record as the API returns it (`interventions.get`), or a draft, in the form's terms. */
export interface RecordLike {
  title: string;
  actionArea: ActionAreaCode;
  audiences?: readonly AudienceId[];
  targets?: readonly unknown[];
  partner?: string | null;
  status?: InterventionStatus;
  startDate?: string | null;
  endDate?: string | null;
  budget?: number | null;
  currency?: string | null;
  reachTarget?: number | null;
  notes?: string;
  sensitivity?: Sensitivity;
}

/** A stored record or a suggestion's draft as form values. */
export function formFromRecord(r: RecordLike): InterventionFormValues {
  return {
    title: r.title,
    actionArea: r.actionArea,
    audiences: [...(r.audiences ?? [])],
    targets: (r.targets ?? []).map((t) => ({ ...(t as FormTarget) })),
    partner: r.partner ?? '',
    status: r.status ?? 'planned',
    startDate: r.startDate ?? '',
    endDate: r.endDate ?? '',
    budget: r.budget === null || r.budget === undefined ? '' : String(r.budget),
    currency: r.currency ?? '',
    reachTarget: r.reachTarget === null || r.reachTarget === undefined ? '' : String(r.reachTarget),
    notes: r.notes ?? '',
    sensitivity: r.sensitivity ?? 'internal',
  };
}

/** A number typed in the form: '' is none (null); what does not read as a number is NaN. */
export function parseAmount(text: string): number | null {
  const s = text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (s === '') return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

/** A target as the API takes it (no display name). */
export function targetForApi(t: FormTarget): InterventionTarget {
  switch (t.kind) {
    case 'area':
      return { kind: 'area', boundarySetId: t.boundarySetId, code: t.code };
    case 'site':
      return { kind: 'site', siteId: t.siteId };
    case 'polygon':
      return { kind: 'polygon', geometry: t.geometry, ...(t.label ? { label: t.label } : {}) };
    case 'circle':
      return { kind: 'circle', center: t.center, radiusM: t.radiusM, ...(t.label ? { label: t.label } : {}) };
  }
}

/** The value of one field as the API takes it. */
function apiValue(values: InterventionFormValues, field: FormField): unknown {
  const v = values[field];
  switch (field) {
    case 'targets':
      return values.targets.map(targetForApi);
    case 'budget':
    case 'reachTarget':
      return parseAmount(v as string);
    case 'partner':
    case 'startDate':
    case 'endDate':
      return (v as string).trim() === '' ? null : (v as string).trim();
    case 'currency':
      return (v as string).trim() === '' ? null : (v as string).trim().toUpperCase();
    case 'title':
      return (v as string).trim();
    default:
      return Array.isArray(v) ? [...v] : v;
  }
}

/** The whole form as `interventions.create` input. */
export function toInput(values: InterventionFormValues): InterventionInput {
  return Object.fromEntries(FORM_FIELDS.map((f) => [f, apiValue(values, f)])) as unknown as InterventionInput;
}

/** Only what changed between the values the form opened with and the current ones, as an update patch. */
export function toPatch(opened: InterventionFormValues, current: InterventionFormValues): InterventionPatch {
  const patch: Record<string, unknown> = {};
  for (const f of FORM_FIELDS) {
    const before = apiValue(opened, f);
    const after = apiValue(current, f);
    if (!sameValue(before, after)) patch[f] = after;
  }
  return patch as InterventionPatch;
}

/** Whether two field values are the same (arrays and targets compared by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A problem with one field: `key` names the message in `interventions.errors`, `message` is the schema's (English). */
export interface FieldProblem {
  field: string;
  key: string | null;
  message: string;
}

/**
 * Checks the form with the server's schema. Known problems get a message key, so the form says
 * them in the user's language; others keep the schema's message.
 */
export function validateForm(values: InterventionFormValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of ['budget', 'reachTarget'] as const) {
    if (Number.isNaN(parseAmount(values[f]))) problems.push({ field: f, key: 'notANumber', message: 'expected a number' });
  }
  if (problems.length) return problems;
  const result = interventionInputSchema.safeParse(toInput(values));
  if (result.success) return [];
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    problems.push({ field, key: problemKey(field, issue.code, issue.message), message: issue.message });
  }
  // the schema checks the rules that span two fields only once each field is valid: say them at once
  const input = toInput(values);
  const has = (field: string) => problems.some((p) => p.field === field);
  if (input.startDate && input.endDate && input.endDate < input.startDate && !has('endDate')) {
    problems.push({ field: 'endDate', key: 'endBeforeStart', message: `the end (${input.endDate}) is before the start (${input.startDate})` });
  }
  if (input.budget !== null && input.budget !== undefined && !input.currency && !has('currency')) {
    problems.push({ field: 'currency', key: 'currencyNeeded', message: 'a budget needs its currency (e.g. USD)' });
  }
  return problems;
}

function problemKey(field: string, code: string, message: string): string | null {
  if (field === 'title') return 'titleRequired';
  if (field === 'actionArea') return 'actionAreaRequired';
  if (field === 'endDate' && code === 'custom') return 'endBeforeStart';
  if ((field === 'startDate' || field === 'endDate') && code !== 'custom') return 'date';
  if (field === 'currency') return code === 'custom' ? 'currencyNeeded' : 'currencyFormat';
  if (field === 'budget' && code === 'too_small') return 'budgetNegative';
  if (field === 'reachTarget') return message.includes('whole') ? 'wholeNumber' : code === 'too_small' ? 'reachNegative' : null;
  return null;
}

/** Problems grouped by field, for the form's Field components. */
export function problemsByField(problems: FieldProblem[], say: (p: FieldProblem) => string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) (out[p.field] ??= []).push(say(p));
  return out;
}
