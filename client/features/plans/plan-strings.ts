import i18next from 'i18next';
import { loadPanelStrings } from '../../lib/i18n';

let loading: Promise<void> | null = null;

/** The plans' own strings (plans.en.json, plans.fr.json) and the panels' (action areas, statuses), loaded with the dialog. */
export function loadPlanStrings(): Promise<void> {
  loading ??= Promise.all([import('../../locales/plans.en.json'), import('../../locales/plans.fr.json'), loadPanelStrings()]).then(([en, fr]) => {
    i18next.addResourceBundle('en', 'translation', en.default, true, false);
    i18next.addResourceBundle('fr', 'translation', fr.default, true, false);
  });
  loading.catch(() => (loading = null));
  return loading;
}
