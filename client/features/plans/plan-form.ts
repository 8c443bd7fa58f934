/**
 * The plan form's state and what it sends: rows of existing interventions or new ones drafted from
 * a suggestion, each with who is responsible, dates and notes. Pure, so that it is tested apart.
 */
import type { InterventionInput } from '../../../server/domain/interventions';
import type { PlanInput, PlanPatch } from '../../../server/domain/plans';

export interface PlanRow {
  /** Stable across moves (React key). */
  key: string;
  interventionId: string | null;
  /** A new intervention created with the plan (from a suggestion's draft). */
  newIntervention: InterventionInput | null;
  /** What the row shows of its intervention. */
  title: string;
  actionArea: string | null;
  status: string | null;
  responsibility: string;
  startDate: string;
  endDate: string;
  notes: string;
}

export interface PlanFormValues {
  title: string;
  notes: string;
  sensitivity: 'public' | 'internal' | 'restricted';
  rows: PlanRow[];
}

let seq = 0;
const nextKey = () => `row-${++seq}`;

/** An empty plan for an area. */
export function emptyPlan(title: string): PlanFormValues {
  return { title, notes: '', sensitivity: 'internal', rows: [] };
}

interface PlanLike {
  title: string;
  notes: string;
  sensitivity: 'public' | 'internal' | 'restricted';
  items: { interventionId: string; intervention: { title: string; actionArea: string; status: string } | null; responsibility: string; startDate: string | null; endDate: string | null; notes: string }[];
}

/** The form of a saved plan. */
export function formFromPlan(plan: PlanLike): PlanFormValues {
  return {
    title: plan.title, notes: plan.notes, sensitivity: plan.sensitivity,
    rows: plan.items.map((i) => ({
      key: nextKey(), interventionId: i.interventionId, newIntervention: null,
      title: i.intervention?.title ?? '', actionArea: i.intervention?.actionArea ?? null, status: i.intervention?.status ?? null,
      responsibility: i.responsibility, startDate: i.startDate ?? '', endDate: i.endDate ?? '', notes: i.notes,
    })),
  };
}

/** A row for an existing intervention, its dates taken from it. */
export function rowOfIntervention(iv: { id: string; title: string; actionArea: string; status: string; startDate: string | null; endDate: string | null }): PlanRow {
  return { key: nextKey(), interventionId: iv.id, newIntervention: null, title: iv.title, actionArea: iv.actionArea, status: iv.status, responsibility: '', startDate: iv.startDate ?? '', endDate: iv.endDate ?? '', notes: '' };
}

/** A row that creates an intervention from a suggestion's draft when the plan is saved. */
export function rowOfDraft(draft: InterventionInput): PlanRow {
  return { key: nextKey(), interventionId: null, newIntervention: draft, title: draft.title, actionArea: draft.actionArea, status: draft.status ?? 'planned', responsibility: '', startDate: '', endDate: '', notes: '' };
}

/** The rows as the API takes them (empty dates as null). */
export function itemsOf(rows: PlanRow[]): NonNullable<PlanInput['items']> {
  return rows.map((r) => ({
    ...(r.interventionId ? { interventionId: r.interventionId } : { newIntervention: r.newIntervention! }),
    responsibility: r.responsibility.trim(),
    startDate: r.startDate || null,
    endDate: r.endDate || null,
    notes: r.notes,
  }));
}

/** `plans.create`'s input for an area. */
export function toCreateInput(area: { boundarySetId: string; code: string }, v: PlanFormValues): PlanInput {
  return { boundarySetId: area.boundarySetId, areaCode: area.code, title: v.title, notes: v.notes, sensitivity: v.sensitivity, items: itemsOf(v.rows) };
}

/** `plans.update`'s patch: the whole form (the rows are given whole). */
export function toPatch(v: PlanFormValues): PlanPatch {
  return { title: v.title, notes: v.notes, sensitivity: v.sensitivity, items: itemsOf(v.rows) };
}

/** A row moved one place up (the first stays). */
export function moveUp(rows: PlanRow[], index: number): PlanRow[] {
  if (index <= 0 || index >= rows.length) return rows;
  const out = rows.slice();
  [out[index - 1], out[index]] = [out[index], out[index - 1]];
  return out;
}

/**
 * The server's refusal (`items.0.endDate: …; title: …`, under `patch.` for an update) by field:
 * `title`, `items.0.endDate` …; what names no field under `''`.
 *
 * @example
 * problemsOf('patch.items.1.endDate: the end is before the start'); // { 'items.1.endDate': ['the end is before the start'] }
 */
export function problemsOf(message: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of message.split('; ')) {
    const m = part.match(/^(?:patch\.)?((?:title|notes|sensitivity|areaCode|boundarySetId|items)(?:\.[\w.]+)?): (.*)$/s);
    const key = m ? m[1] : '';
    (out[key] ??= []).push(m ? m[2] : part);
  }
  return out;
}

/** Problems of one row: its fields (`endDate`, `interventionId`, `newIntervention.…`) → messages. */
export function rowProblems(problems: Record<string, string[]>, index: number): Record<string, string[]> {
  const prefix = `items.${index}.`;
  return Object.fromEntries(Object.entries(problems).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

export type PlanField = 'title' | 'notes' | 'sensitivity' | 'rows';
export const PLAN_FIELDS: readonly PlanField[] = ['title', 'notes', 'sensitivity', 'rows'];

/** A field's value in a form, comparable across forms (rows as the items they send). */
export function fieldValue(v: PlanFormValues, field: PlanField): string {
  return field === 'rows' ? JSON.stringify(itemsOf(v.rows)) : v[field];
}

export interface PlanMerge {
  values: PlanFormValues;
  /** Per field: who changed it since the version both started from. */
  fields: Record<PlanField, 'none' | 'mine' | 'theirs' | 'both' | 'same'>;
}

/**
 * A three-way merge of a stale save: each field from the side that changed it since `base` (the
 * version the user opened); a field both changed differently keeps mine (a clash, shown so).
 * The rows are one field: a row list both changed is mine.
 *
 * @example
 * mergePlan(base, { ...base, notes: 'mine' }, { ...base, title: 'theirs' }).values; // { ...base, title: 'theirs', notes: 'mine' }
 */
export function mergePlan(base: PlanFormValues, mine: PlanFormValues, theirs: PlanFormValues): PlanMerge {
  const values: PlanFormValues = { ...mine };
  const fields = {} as PlanMerge['fields'];
  for (const f of PLAN_FIELDS) {
    const b = fieldValue(base, f);
    const m = fieldValue(mine, f);
    const t = fieldValue(theirs, f);
    const changedMine = m !== b;
    const changedTheirs = t !== b;
    fields[f] = changedMine && changedTheirs ? (m === t ? 'same' : 'both') : changedMine ? 'mine' : changedTheirs ? 'theirs' : 'none';
    if (fields[f] === 'theirs') {
      if (f === 'rows') values.rows = theirs.rows;
      else if (f === 'sensitivity') values.sensitivity = theirs.sensitivity;
      else values[f] = theirs[f];
    }
  }
  return { values, fields };
}
