import { useTranslation } from 'react-i18next';
import { Loading } from '../../ui/loading';
import { formatKm, formatKm2, formatNumber, formatPercent, formatSignificant } from '../../lib/format';
import { useAreaRisk, type AreaBrief } from './api/use-area-brief';
import type { AreaRef } from './area-ref';

/** Sites inside the area by category, small counts protected as the server gives them. */
export function SitesSection({ sites, protectedK }: { sites: AreaBrief['sites']; protectedK: number | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section aria-labelledby="brief-sites">
      <h3 id="brief-sites">{t('brief.sites.heading')}</h3>
      {sites.length === 0 ? (
        <p className="note">{t('brief.sites.none')}</p>
      ) : (
        <table data-testid="brief-sites" className="brief-table">
          <caption className="visually-hidden">{t('brief.sites.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('brief.sites.category')}</th>
              <th scope="col" className="num">{t('brief.sites.count')}</th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.category} data-category={s.category}>
                <th scope="row">{t(`taxonomy.${s.category}`, { defaultValue: s.category })}</th>
                <td className="num">
                  {s.below
                    ? t('brief.sites.below', { k: formatNumber(s.below, lang) })
                    : s.roundedTo && s.count !== null
                      ? t('brief.sites.rounded', { from: formatNumber(s.count, lang), to: formatNumber(s.count + s.roundedTo - 1, lang) })
                      : formatNumber(s.count ?? NaN, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {protectedK !== null && <p className="note">{t('brief.sites.protected', { k: protectedK })}</p>}
    </section>
  );
}

/** The area's size and its shares of the zones (the borderland at the panel's width, and any stored). */
export function ZonesSection({ brief }: { brief: AreaBrief }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section aria-labelledby="brief-zones">
      <h3 id="brief-zones">{t('brief.zones.heading')}</h3>
      <dl className="brief-facts">
        <div>
          <dt>{t('brief.zones.area')}</dt>
          <dd data-testid="brief-area-km2">{formatKm2(brief.area.areaKm2, lang, 3)}</dd>
        </div>
        {brief.zones.map((z) => (
          <div key={z.zone}>
            <dt>{z.radiusKm !== null ? t(`brief.zones.${z.zone}`, { km: formatKm(z.radiusKm, lang), defaultValue: z.zone }) : t(`brief.zones.${z.zone}Stored`, { defaultValue: z.zone })}</dt>
            <dd data-testid={`brief-zone-${z.zone}`}>{z.share === null ? '—' : formatPercent(z.share, lang)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/**
 * The area's score in the built-in risk model, asked for once the panel is open: scoring reads
 * every area of the set, and the rest of the profile does not wait for it.
 */
export function RiskSection({ area }: { area: AreaRef }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const risk = useAreaRisk(area);
  const r = risk.data;
  return (
    <section aria-labelledby="brief-risk" aria-busy={risk.isFetching} data-testid="brief-risk">
      <h3 id="brief-risk">{t('brief.risk.heading')}</h3>
      {risk.isPending && <Loading label={t('brief.risk.loading')} />}
      {risk.error && <p className="error-text" role="alert">{t('brief.risk.error', { message: risk.error.message })}</p>}
      {r && (
        <>
          {r.score === null ? (
            <p className="note" data-testid="risk-none">{t(r.reason === 'no-model' ? 'brief.risk.noModel' : 'brief.risk.noInputs')}</p>
          ) : (
            <>
              <p>
                <span className="figure" data-testid="risk-score">{formatSignificant(r.score, lang, 2)}</span>{' '}
                <span className="note">{t('brief.risk.scale')}</span>
              </p>
              <p data-testid="risk-rank">
                {t('brief.risk.rank', { rank: formatNumber(r.rank ?? NaN, lang), count: r.of, n: formatNumber(r.of, lang) })}
                {r.class && <> · {t('brief.risk.class', { label: r.class })}</>}
              </p>
              {r.reliability !== null && <p className="note">{t('brief.risk.reliability', { share: formatPercent(r.reliability, lang) })}</p>}
            </>
          )}
          <p className="note">
            {t('brief.risk.model', { name: r.modelName ?? r.modelId })}
          </p>
        </>
      )}
    </section>
  );
}

/** The interventions that target the area, with their status and dates. */
export function InterventionsSection({ interventions }: { interventions: AreaBrief['interventions'] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="brief-interventions">
      <h3 id="brief-interventions">{t('brief.interventions.heading')}</h3>
      {interventions.length === 0 ? (
        <p className="note">{t('brief.interventions.none')}</p>
      ) : (
        <ul className="brief-list" data-testid="brief-interventions">
          {interventions.map((i) => (
            <li key={i.id}>
              <strong>{i.title}</strong>{' '}
              <span className="note">
                {t('brief.interventions.line', { actionArea: i.actionArea, status: t(`brief.interventions.status.${i.status}`, { defaultValue: i.status }), partner: i.partner || '—' })}
                {(i.startDate || i.endDate) && ` · ${i.startDate ?? '…'} – ${i.endDate ?? '…'}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
