/**
 * A save refused as stale (CONFLICT): what the server sent (`data.conflict`: the record as it is
 * now, who changed it when, and their change) set beside the user's own change, field by field,
 * and the two ways out: keep theirs, or save mine over theirs from the version now stored.
 */
import { FORM_FIELDS, formFromRecord, sameValue, toPatch, type FormField, type InterventionFormValues, type RecordLike } from './intervention-form';
import type { InterventionPatch } from '../../../server/domain/interventions';

export interface InterventionConflict<R extends RecordLike & { version: number; id: string } = RecordLike & { version: number; id: string }> {
  yourVersion: number;
  current: R;
  changedBy: string;
  changedAt: string;
  /** The other person's change, field → { from, to }; null when the log has none. */
  change: Record<string, { from: unknown; to: unknown }> | null;
}

/** The conflict a failed `interventions.update` carries; null for any other error. */
export function readConflict(error: unknown): InterventionConflict | null {
  const data = (error as { data?: { code?: unknown; conflict?: unknown } } | null)?.data;
  if (data?.code !== 'CONFLICT' || !data.conflict || typeof data.conflict !== 'object') return null;
  const c = data.conflict as Partial<InterventionConflict>;
  if (typeof c.yourVersion !== 'number' || !c.current || typeof c.current.version !== 'number') return null;
  return c as InterventionConflict;
}

export interface ConflictRow {
  field: FormField;
  /** As the user opened it. */
  base: unknown;
  mine: unknown;
  theirs: unknown;
  /** Both changed it, to different values. */
  clash: boolean;
  changedByMe: boolean;
  changedByThem: boolean;
}

/**
 * The fields that differ between what the user opened, what they want to save and what is stored
 * now, in the form's order. Values are the form's (strings and arrays) so that one formatter
 * shows all three.
 */
export function compareVersions(opened: InterventionFormValues, mine: InterventionFormValues, conflict: InterventionConflict): ConflictRow[] {
  const theirs = formFromRecord(conflict.current);
  const rows: ConflictRow[] = [];
  for (const field of FORM_FIELDS) {
    const base = comparable(opened, field);
    const m = comparable(mine, field);
    const th = comparable(theirs, field);
    const changedByMe = !sameValue(base, m);
    const changedByThem = !sameValue(base, th);
    if (!changedByMe && !changedByThem) continue;
    rows.push({ field, base: opened[field], mine: mine[field], theirs: theirs[field], clash: changedByMe && changedByThem && !sameValue(m, th), changedByMe, changedByThem });
  }
  return rows;
}

// targets compared without their display names (the stored ones carry names, the form's may not)
function comparable(v: InterventionFormValues, field: FormField): unknown {
  if (field === 'targets') return v.targets.map(({ name: _name, ...t }) => t);
  return v[field];
}

/**
 * "Overwrite with mine": the user's change (from what they opened) applied to the version stored
 * now, so that the server takes it; fields only they changed keep their value.
 */
export function overwriteRequest(id: string, opened: InterventionFormValues, mine: InterventionFormValues, conflict: InterventionConflict): { id: string; version: number; patch: InterventionPatch } {
  return { id, version: conflict.current.version, patch: toPatch(opened, mine) };
}
