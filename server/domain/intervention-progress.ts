/**
 * Progress (Strategy 7, issue 10): reach against target over time, for one intervention or a
 * group of them (a strategy, an area, a strategy in an area).
 *
 * Each measurement of an intervention is the number of people it has reached by that date (a
 * running total, not an increment), so a group's reach on a date is the sum of each member's
 * latest measurement on or before it; a member not yet measured adds nothing. The group's target
 * is the sum of its members' reach targets; members without a target add to neither side, since
 * recording reach needs a target (interventions-store.addReach refuses it otherwise).
 */

export interface ProgressMember {
  id: string;
  reachTarget: number | null;
  /** Measurements in any order; two on the same date: the later in the list wins. */
  entries: { recordedOn: string; reach: number }[];
}

export interface ProgressSeries {
  /** Sum of the members' reach targets; 0 when none has one. */
  target: number;
  /** Members counted (those with a target). */
  members: number;
  /** One point per date on which any member was measured, oldest first. */
  points: { date: string; reach: number; share: number | null }[];
}

/**
 * Reach of a group of interventions over time against their summed target.
 *
 * @example
 * progressSeries([
 *   { id: 'a', reachTarget: 100, entries: [{ recordedOn: '2026-01-31', reach: 40 }, { recordedOn: '2026-03-31', reach: 90 }] },
 *   { id: 'b', reachTarget: 300, entries: [{ recordedOn: '2026-02-28', reach: 60 }] },
 * ]);
 * // { target: 400, members: 2, points: [
 * //   { date: '2026-01-31', reach: 40, share: 0.1 }, { date: '2026-02-28', reach: 100, share: 0.25 },
 * //   { date: '2026-03-31', reach: 150, share: 0.375 } ] }
 */
export function progressSeries(members: ProgressMember[]): ProgressSeries {
  const counted = members.filter((m) => m.reachTarget !== null && m.reachTarget > 0);
  const target = counted.reduce((s, m) => s + (m.reachTarget ?? 0), 0);
  const dates = [...new Set(counted.flatMap((m) => m.entries.map((e) => e.recordedOn)))].sort();
  const latest = new Map<string, number>();
  const byMemberDate = counted.map((m) => {
    const at = new Map<string, number>();
    for (const e of m.entries) at.set(e.recordedOn, e.reach);
    return { id: m.id, at };
  });
  const points = dates.map((date) => {
    for (const m of byMemberDate) {
      const v = m.at.get(date);
      if (v !== undefined) latest.set(m.id, v);
    }
    const reach = [...latest.values()].reduce((s, v) => s + v, 0);
    return { date, reach, share: target > 0 ? reach / target : null };
  });
  return { target, members: counted.length, points };
}
