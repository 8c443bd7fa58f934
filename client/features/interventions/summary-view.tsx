import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Field } from '../../ui/form-field';
import { Loading } from '../../ui/loading';
import { useTRPC } from '../../lib/trpc';
import { COUNTRIES_SET_ID, useBoundarySets } from './api/intervention-queries';
import { actionAreaLabel, strategyLabel } from './intervention-labels';
import { ProgressChart } from './progress-chart';

/**
 * Progress per strategy (reach against target over time) and the 3W summary (organisation ×
 * action area × area of a chosen boundary set), with its CSV and XLSX exports (audited).
 */
export function SummaryView() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const number = new Intl.NumberFormat(i18n.language);
  const [setId, setSetId] = useState(COUNTRIES_SET_ID);
  const sets = useBoundarySets(true);
  const progress = useQuery({ ...trpc.interventions.progress.queryOptions({}), staleTime: 0 });
  const threeW = useQuery({ ...trpc.interventions.threeW.queryOptions({ boundarySetId: setId }), staleTime: 0 });
  const options = [{ id: COUNTRIES_SET_ID, name: t('layers.countries') }, ...(sets.data ?? []).filter((s) => s.id !== COUNTRIES_SET_ID).map((s) => ({ id: s.id, name: s.name }))];
  const exportUrl = (format: 'csv' | 'xlsx') => `/api/interventions/3w.${format}?set=${encodeURIComponent(setId)}`;

  return (
    <div className="iv-summary" data-testid="interventions-summary">
      <section aria-labelledby="iv-progress-heading">
        <h3 id="iv-progress-heading">{t('interventions.progress.heading')}</h3>
        {progress.isPending && <Loading label={t('interventions.loading')} />}
        {progress.error && <p className="error-text" role="alert">{progress.error.message}</p>}
        {progress.data && progress.data.byStrategy.every((s) => s.points.length === 0) && <p className="note">{t('interventions.progress.none')}</p>}
        {progress.data && (
          <div className="iv-summary__strategies">
            {progress.data.byStrategy.filter((s) => s.points.length > 0).map((s) => (
              <div key={s.strategy} data-strategy={s.strategy}>
                <h4>{strategyLabel(t, s.strategy)}</h4>
                <ProgressChart points={s.points} target={s.target || null} label={strategyLabel(t, s.strategy)} width={320} height={140} />
              </div>
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby="iv-3w-heading">
        <h3 id="iv-3w-heading">{t('interventions.threeW.heading')}</h3>
        <div className="iv-toolbar">
          <Field label={t('interventions.threeW.set')} className="field--inline">
            {(p) => (
              <select {...p} value={setId} onChange={(e) => setSetId(e.currentTarget.value)}>
                {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            )}
          </Field>
          <a className="button" href={exportUrl('csv')} download>{t('interventions.threeW.csv')}</a>
          <a className="button" href={exportUrl('xlsx')} download>{t('interventions.threeW.xlsx')}</a>
        </div>
        {threeW.isPending && <Loading label={t('interventions.loading')} />}
        {threeW.error && <p className="error-text" role="alert">{threeW.error.message}</p>}
        {threeW.data && threeW.data.rows.length === 0 && <p className="note">{t('interventions.threeW.none')}</p>}
        {threeW.data && threeW.data.rows.length > 0 && (
          <table className="iv-3w" data-testid="three-w-table">
            <caption className="note">{t('interventions.threeW.caption', { count: threeW.data.interventionCount })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('interventions.threeW.who')}</th>
                <th scope="col">{t('interventions.threeW.what')}</th>
                <th scope="col">{t('interventions.threeW.where')}</th>
                <th scope="col" className="num">{t('interventions.threeW.interventions')}</th>
                <th scope="col" className="num">{t('interventions.status.planned')}</th>
                <th scope="col" className="num">{t('interventions.status.ongoing')}</th>
                <th scope="col" className="num">{t('interventions.status.completed')}</th>
                <th scope="col" className="num">{t('interventions.threeW.reached')}</th>
                <th scope="col" className="num">{t('interventions.threeW.target')}</th>
              </tr>
            </thead>
            <tbody>
              {threeW.data.rows.map((r) => (
                <tr key={`${r.organisation}|${r.actionArea}|${r.areaCode}`}>
                  <td>{r.organisation}</td>
                  <td>{actionAreaLabel(t, r.actionArea)}</td>
                  <td>{r.areaName}</td>
                  <td className="num">{number.format(r.interventions)}</td>
                  <td className="num">{number.format(r.planned)}</td>
                  <td className="num">{number.format(r.ongoing)}</td>
                  <td className="num">{number.format(r.completed)}</td>
                  <td className="num">{number.format(r.reached)}</td>
                  <td className="num">{number.format(r.reachTarget)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
