import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Loading } from '../../ui/loading';
import { useTRPC } from '../../lib/trpc';
import { formatKm, formatNumber, formatPercent, formatSignificant } from '../../lib/format';
import { factorTable } from './factor-table';
import { CATCHMENT_KM } from '../../../server/domain/zone-widths';

export interface FactorsSectionProps {
  /** The boundary set of the area. */
  boundarySetId: string;
  /** The area's code in it (a country's alpha-3). */
  code: string;
  /** The borderland width chosen in the layer panel. */
  borderKm: number;
}

/**
 * The risk factors of an area, computed for every area of its boundary set from the current layers: sites per
 * category (count, per 100,000 people, per 1,000 km²), the distance to the nearest transit site,
 * the borderland and transit-catchment shares. Computing them the first time, or again at another
 * borderland width, is one button; after a layer changes the server brings them up to date by
 * itself and the section says so while it does.
 */
export function FactorsSection({ boundarySetId, code, borderKm }: FactorsSectionProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const factors = useQuery({
    ...trpc.factors.get.queryOptions({ boundarySetId, code }),
    retry: false,
    // a layer may change at any time (another user, the command line): look again every 10 s,
    // and every second while the server recomputes
    refetchInterval: (query) => (query.state.data?.refreshing ? 1000 : 10_000),
  });
  const compute = useMutation(
    trpc.factors.compute.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.factors.get.pathKey() }),
    }),
  );
  const table = useMemo(() => (factors.data ? factorTable(factors.data.values) : undefined), [factors.data]);
  const notComputed = factors.data === null;
  const settings = factors.data?.versions.settings;
  const run = (full: boolean) => compute.mutate({ boundarySetId, borderKm, catchmentKm: settings?.catchmentKm ?? CATCHMENT_KM, full });

  return (
    <section aria-labelledby="profile-factors" className="factors" aria-busy={factors.isFetching || compute.isPending}>
      <h3 id="profile-factors">{t('factors.heading')}</h3>
      {factors.isPending && <Loading label={t('factors.loading')} />}
      {notComputed && (
        <>
          <p className="note">{t('factors.none')}</p>
          <button type="button" className="button--primary" onClick={() => run(false)} disabled={compute.isPending}>
            {t('factors.compute', { km: formatKm(borderKm, lang) })}
          </button>
        </>
      )}
      {factors.error && (
        <p className="error-text" role="alert">
          {t('factors.error', { message: factors.error.message })}
        </p>
      )}
      {factors.data && table && settings && (
        <>
          <p className="note" data-testid="factors-provenance">
            {t('factors.computedAt', {
              date: new Date(factors.data.computedAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }),
              border: formatKm(settings.borderKm, lang),
              catchment: formatKm(settings.catchmentKm, lang),
            })}
          </p>
          {factors.data.refreshing && <Loading label={t('factors.refreshing')} />}
          {settings.borderKm !== borderKm && (
            <button type="button" onClick={() => run(false)} disabled={compute.isPending}>
              {t('factors.recomputeAt', { km: formatKm(borderKm, lang) })}
            </button>
          )}
          <dl className="factors__shares">
            <div>
              <dt>{t('factors.borderlandShare', { km: formatKm(settings.borderKm, lang) })}</dt>
              <dd data-testid="factor-borderland">{formatPercent(table.borderlandShare ?? NaN, lang)}</dd>
            </div>
            <div>
              <dt>{t('factors.catchmentShare', { km: formatKm(settings.catchmentKm, lang) })}</dt>
              <dd data-testid="factor-catchment">{formatPercent(table.transitCatchmentShare ?? NaN, lang)}</dd>
            </div>
          </dl>
          <div className="table-scroll">
            <table data-testid="factors-table">
              <caption>{t('factors.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('factors.category')}</th>
                  <th scope="col" className="num">{t('factors.count')}</th>
                  <th scope="col" className="num">{t('factors.per100k')}</th>
                  <th scope="col" className="num">{t('factors.per1000Km2')}</th>
                  <th scope="col" className="num">{t('factors.nearest')}</th>
                </tr>
              </thead>
              <tbody>
                {table.categories.map((c) => (
                  <tr key={c.category} data-category={c.category}>
                    <th scope="row">{t(`taxonomy.${c.category}`, { defaultValue: c.category })}</th>
                    <td className="num">
                      {c.below
                        ? t('factors.below', { k: formatNumber(c.below, lang) })
                        : c.roundedTo
                          ? t('factors.rounded', { from: formatNumber(c.count, lang), to: formatNumber(c.count + c.roundedTo - 1, lang) })
                          : formatNumber(c.count, lang)}
                    </td>
                    <td className="num">{formatSignificant(c.per100k, lang)}</td>
                    <td className="num">{formatSignificant(c.per1000Km2, lang)}</td>
                    <td className="num">{c.nearestWithheld ? t('factors.withheld') : c.nearestKm === undefined ? '' : formatKm(c.nearestKm, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="note">{t('factors.note')}</p>
          {factors.data.protected && <p className="note" data-testid="factors-protected">{t('factors.protected', { k: factors.data.protected.k })}</p>}
          <button type="button" onClick={() => run(true)} disabled={compute.isPending}>
            {t('factors.recomputeAll')}
          </button>
        </>
      )}
      {compute.isPending && <Loading label={t('factors.computing')} />}
      {compute.error && (
        <p className="error-text" role="alert">
          {t('factors.computeError', { message: compute.error.message })}
        </p>
      )}
    </section>
  );
}
