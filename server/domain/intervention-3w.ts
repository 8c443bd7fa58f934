/**
 * The 3W summary (who does what where, issue 10): interventions counted by organisation × action
 * area × area, with their reach against target. "Who" is the partner carrying the work out (the
 * 3W sheet's Organisation column is imported as the partner), else the owning organisation.
 * "Where" is each area of one boundary set that the intervention reaches — the same areas the
 * coverage finds (intervention-coverage.ts), so a drawn zone or a site counts in the areas it
 * lies in. Cancelled interventions are left out, as the coverage leaves them out.
 */
import { ACTION_AREA_CODES, getActionArea, type ActionAreaCode } from './action-areas';
import type { InterventionStatus } from './interventions';

export interface ThreeWInput {
  id: string;
  organisation: string;
  actionArea: ActionAreaCode;
  status: InterventionStatus;
  reachTarget: number | null;
  /** The latest reach measured; null when never measured. */
  reached: number | null;
  areas: { code: string; name: string }[];
}

export interface ThreeWRow {
  organisation: string;
  actionArea: ActionAreaCode;
  actionAreaTitle: string;
  areaCode: string;
  areaName: string;
  interventions: number;
  planned: number;
  ongoing: number;
  completed: number;
  /** Sums over the row's interventions; an intervention reaching several areas counts in each. */
  reachTarget: number;
  reached: number;
}

export const THREE_W_COLUMNS = ['organisation', 'action_area', 'action_area_title', 'area_code', 'area_name', 'interventions', 'planned', 'ongoing', 'completed', 'reach_target', 'reached'] as const;

/**
 * Groups interventions into 3W rows, sorted by organisation, action area (seed order), area name.
 *
 * @example
 * summarise3w([{ id: 'a', organisation: 'Sample NGO', actionArea: '2.2', status: 'ongoing', reachTarget: 100, reached: 40, areas: [{ code: 'A', name: 'Sample A' }] }]);
 * // [{ organisation: 'Sample NGO', actionArea: '2.2', actionAreaTitle: 'Building capacities', areaCode: 'A', areaName: 'Sample A',
 * //    interventions: 1, planned: 0, ongoing: 1, completed: 0, reachTarget: 100, reached: 40 }]
 */
export function summarise3w(items: ThreeWInput[]): ThreeWRow[] {
  const rows = new Map<string, ThreeWRow>();
  for (const it of items) {
    if (it.status === 'cancelled') continue;
    for (const a of it.areas) {
      const key = JSON.stringify([it.organisation, it.actionArea, a.code]);
      let row = rows.get(key);
      if (!row) {
        row = {
          organisation: it.organisation, actionArea: it.actionArea, actionAreaTitle: getActionArea(it.actionArea).title, areaCode: a.code, areaName: a.name,
          interventions: 0, planned: 0, ongoing: 0, completed: 0, reachTarget: 0, reached: 0,
        };
        rows.set(key, row);
      }
      row.interventions++;
      row[it.status]++;
      row.reachTarget += it.reachTarget ?? 0;
      row.reached += it.reached ?? 0;
    }
  }
  const order = (code: string) => ACTION_ORDER.get(code) ?? 999;
  return [...rows.values()].sort((x, y) => x.organisation.localeCompare(y.organisation) || order(x.actionArea) - order(y.actionArea) || x.areaName.localeCompare(y.areaName));
}

const ACTION_ORDER = new Map<string, number>(ACTION_AREA_CODES.map((c, i) => [c, i]));

/** A 3W row as the cells of THREE_W_COLUMNS. */
export function threeWCells(r: ThreeWRow): (string | number)[] {
  return [r.organisation, r.actionArea, r.actionAreaTitle, r.areaCode, r.areaName, r.interventions, r.planned, r.ongoing, r.completed, r.reachTarget, r.reached];
}
