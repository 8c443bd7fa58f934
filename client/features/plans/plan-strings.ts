import { lazyStrings, loadPanelStrings } from '../../lib/i18n';

const loadOwnStrings = lazyStrings(() => Promise.all([import('../../locales/plans.en.json'), import('../../locales/plans.fr.json')]));

/** The plans' own strings (plans.en.json, plans.fr.json) and the panels' (action areas, statuses), loaded with the dialog. */
export function loadPlanStrings(): Promise<void> {
  return Promise.all([loadOwnStrings(), loadPanelStrings()]).then(() => undefined);
}
