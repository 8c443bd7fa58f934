import { useTranslation } from 'react-i18next';
import { Loading } from '../../ui/loading';
import { COUNTRIES_SET_ID, useSuggestions, type Suggestion } from './api/intervention-queries';
import { actionAreaLabel } from './intervention-labels';
import { openInterventions } from './interventions-ui-store';
import type { AreaSuggestionsProps } from './interventions-root';
import './interventions.css';

/**
 * What the theory of change calls for in the open area: each action area with the factors that
 * triggered it and its audiences, marked when an intervention already covers it, and a button
 * that opens the form with the suggestion as a draft.
 */
export function SuggestionsSection({ boundarySetId = COUNTRIES_SET_ID, code, borderKm, canWrite }: AreaSuggestionsProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const query = useSuggestions(boundarySetId, code, borderKm);
  const suggestions = { ...query, data: query.data?.suggestions };
  const number = new Intl.NumberFormat(lang);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="profile-suggestions" data-testid="suggestions">
      <h3 id="profile-suggestions">{t('interventions.suggestions.heading')}</h3>
      {suggestions.isPending && <Loading label={t('interventions.loading')} />}
      {suggestions.error && <p className="error-text" role="alert">{suggestions.error.message}</p>}
      {suggestions.data && suggestions.data.length === 0 && <p className="note">{t('interventions.suggestions.none')}</p>}
      {suggestions.data && suggestions.data.length > 0 && (
        <ul className="iv-suggestions">
          {suggestions.data.map((s) => (
            <li key={s.code} data-code={s.code} className={s.coveredBy.length ? 'iv-suggestions__covered' : undefined}>
              <p className="iv-suggestions__title">{actionAreaLabel(t, s.code)}</p>
              <p className="note">
                {t('interventions.suggestions.because', {
                  list: s.because
                    .map((b) =>
                      b.factor === 'borderland-share'
                        ? t('interventions.suggestions.borderland', { share: percent.format(b.value ?? 0) })
                        : t('interventions.suggestions.sites', {
                            category: t(`taxonomy.${b.id}`, { defaultValue: b.id }),
                            count: b.value ?? 0,
                            n: b.value === null ? `<${b.below ?? ''}` : number.format(b.value),
                          }),
                    )
                    .join(', '),
                })}
              </p>
              {s.audiences.length > 0 && (
                <p className="note">{t('interventions.suggestions.audiences', { list: s.audiences.map((a) => t(`interventions.audiences.${a}`)).join(', ') })}</p>
              )}
              <p className="note">
                {s.coveredBy.length
                  ? t('interventions.suggestions.covered', { count: s.coveredBy.length })
                  : t('interventions.suggestions.notCovered')}
              </p>
              {canWrite && (
                <button type="button" onClick={() => openInterventions({ ...s.draft, title: `${t(`interventions.actionAreas.${s.code}`)} — ${s.draft.title.split(' — ').pop()}`, targets: withNames(s.draft.targets, query.data!.area) })} aria-label={t('interventions.suggestions.createOf', { code: s.code })}>
                  {t('interventions.suggestions.create')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The draft's targets with the area's name, for the form to show (the API takes them without). */
function withNames(targets: Suggestion['draft']['targets'], area: { boundarySetId: string; code: string; name: string }): Suggestion['draft']['targets'] {
  return (targets ?? []).map((x) => (x.kind === 'area' && x.code === area.code && x.boundarySetId === area.boundarySetId ? ({ ...x, name: area.name } as typeof x) : x));
}
