import type { ActionAreaCode, AudienceId, StrategyCode } from '../../../server/domain/action-areas';
import type { InterventionStatus } from '../../../server/domain/interventions';

/** The table's filters as the inputs hold them ('' for any). */
export interface FilterValues {
  strategy: StrategyCode | '';
  actionArea: ActionAreaCode | '';
  status: InterventionStatus | '';
  audience: AudienceId | '';
  partner: string;
  from: string;
  to: string;
}

export const NO_FILTER: FilterValues = { strategy: '', actionArea: '', status: '', audience: '', partner: '', from: '', to: '' };

/**
 * The filters as `interventions.list` input: empty ones left out, the partner trimmed, an action
 * area outside the chosen strategy dropped (the two selects are chosen one after the other).
 */
export function toListInput(f: FilterValues) {
  const actionArea = f.actionArea && (!f.strategy || f.actionArea.charAt(0) === f.strategy) ? f.actionArea : undefined;
  const partner = f.partner.trim();
  const dateOk = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
  return {
    ...(f.strategy ? { strategy: f.strategy } : {}),
    ...(actionArea ? { actionArea } : {}),
    ...(f.status ? { status: [f.status] } : {}),
    ...(f.audience ? { audience: f.audience } : {}),
    ...(partner ? { partner } : {}),
    ...(dateOk(f.from) ? { from: f.from } : {}),
    ...(dateOk(f.to) ? { to: f.to } : {}),
    limit: 500,
  };
}
