import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../ui/loading';
import { useTRPC } from '../../lib/trpc';
import { COUNTRIES_SET_ID, useInterventionList } from './api/intervention-queries';
import { openInterventionDetail } from './interventions-ui-store';
import { ProgressChart } from './progress-chart';
import type { AreaSuggestionsProps } from './interventions-root';

/**
 * The open area's coverage by interventions (0–1, weighted by status and by the share of the
 * area each reaches: intervention-coverage.ts on the server), the interventions that produce
 * it, and their reach against target over time.
 */
export function CoverageSection({ boundarySetId = COUNTRIES_SET_ID, code }: Pick<AreaSuggestionsProps, 'boundarySetId' | 'code'>) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const coverage = useQuery({ ...trpc.interventions.coverage.queryOptions({ boundarySetId }), staleTime: 10_000 });
  const progress = useQuery({ ...trpc.interventions.progress.queryOptions({ boundarySetId, code }), staleTime: 10_000 });
  const list = useInterventionList({ limit: 5000 });
  const area = coverage.data?.areas.find((a) => a.code === code);
  const titles = new Map((list.data ?? []).map((i) => [i.id, i.title]));
  return (
    <section aria-labelledby="profile-coverage" data-testid="coverage">
      <h3 id="profile-coverage">{t('interventions.coverage.heading')}</h3>
      {coverage.isPending && <Loading label={t('interventions.loading')} />}
      {coverage.error && <p className="error-text" role="alert">{coverage.error.message}</p>}
      {coverage.data && (
        <>
          <p>
            <span className="iv-coverage__value" data-testid="coverage-value">{percent.format(area?.coverage ?? 0)}</span>{' '}
            <span className="note">{t('interventions.coverage.explain')}</span>
          </p>
          {!area?.interventions.length ? (
            <p className="note">{t('interventions.coverage.none')}</p>
          ) : (
            <ul className="iv-coverage__list">
              {area.interventions.map((i) => (
                <li key={i.id}>
                  <button type="button" className="link-button" onClick={() => openInterventionDetail(i.id)}>{titles.get(i.id) ?? i.id}</button>{' '}
                  <span className="note">{t('interventions.coverage.item', { share: percent.format(i.share), weight: percent.format(i.weight) })}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {progress.data && progress.data.total.points.length > 0 && (
        <ProgressChart points={progress.data.total.points} target={progress.data.total.target || null} label={t('interventions.progress.ofArea')} width={320} height={140} />
      )}
    </section>
  );
}
