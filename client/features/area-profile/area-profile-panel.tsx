import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../ui/panel';
import { Loading } from '../../ui/loading';
import { useCountryName } from '../../lib/country-names';
import { formatKm, formatKm2, formatNumber, formatPercent } from '../../lib/format';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { errorCode } from '../../lib/trpc';
import { useAreaProfile } from './api/use-area-profile';
import { loadPanelStrings } from '../../lib/i18n';

// the factors' table and strings load with the first profile opened, not before the first paint
const FactorsSection = lazy(() =>
  Promise.all([import('./factors-section'), loadPanelStrings()]).then(([m]) => ({ default: m.FactorsSection })),
);

export interface AreaProfilePanelProps {
  /** ISO 3166-1 alpha-3 of the area. */
  code: string;
  borderKm: number;
  onClose: () => void;
  /** More sections, after the factors (the shell adds the interventions' suggestions). */
  children?: ReactNode;
}

/** The right-hand panel: an area's codes, population, airports, borderland share and risk factors. */
export function AreaProfilePanel({ code, borderKm, onClose, children }: AreaProfilePanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countryName = useCountryName(lang);
  // the slider moves in 1 km steps: ask the server once it rests
  const queryKm = useDebouncedValue(borderKm, 250);
  const profile = useAreaProfile(code, queryKm);
  const data = profile.data;
  const bodyRef = useRef<HTMLDivElement>(null);

  // a newly opened area takes the focus, so keyboard and screen-reader users land on it; on
  // closing, the focus goes back where it was (the map, the country list)
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    bodyRef.current?.closest('aside')?.querySelector<HTMLElement>('h2')?.focus();
    return () => {
      if (previous?.isConnected && previous !== document.body) previous.focus();
    };
  }, [code]);

  const title = data ? countryName(data.code, data.name) : t('profile.heading');
  const updating = profile.isPlaceholderData || (profile.isFetching && !!data) || queryKm !== borderKm;

  return (
    <Panel
      side="right"
      title={title}
      headingId="profile-heading"
      className="profile-panel"
      onClose={onClose}
      closeLabel={t('profile.close')}
      closeTitle={t('profile.closeHint')}
    >
      <div ref={bodyRef} aria-busy={profile.isFetching}>
        {profile.isPending && <Loading label={t('profile.loading')} />}
        {profile.error && !data && (
          <p className="error-text" role="alert">
            {errorCode(profile.error) === 'NOT_FOUND'
              ? t('profile.notFound', { code })
              : t('profile.error', { message: profile.error.message })}
          </p>
        )}
        {data && (
          <>
            <p className="profile__kicker">{t('profile.heading')}</p>
            <section aria-labelledby="profile-codes">
              <h3 id="profile-codes">{t('profile.codes')}</h3>
              <dl className="codes">
                <div>
                  <dt>{t('profile.iso2')}</dt>
                  <dd data-testid="iso2">{data.iso2 ?? '—'}</dd>
                </div>
                <div>
                  <dt>{t('profile.iso3')}</dt>
                  <dd data-testid="iso3">{data.code}</dd>
                </div>
                <div>
                  <dt>{t('profile.isoNumeric')}</dt>
                  <dd data-testid="iso-numeric">{formatIsoNumeric(data.isoNumeric)}</dd>
                </div>
              </dl>
            </section>
            <section aria-labelledby="profile-population">
              <h3 id="profile-population">{t('profile.population')}</h3>
              <p className="figure" data-testid="population">
                {formatNumber(data.population.value, lang)}
              </p>
              <p className="note">
                {t('profile.populationNote', { count: formatNumber(data.population.placesCount, lang) })}
              </p>
            </section>
            <section aria-labelledby="profile-airports">
              <h3 id="profile-airports">{t('profile.airports')}</h3>
              <p className="figure" data-testid="airports">
                {formatNumber(data.airportsCount, lang)}
              </p>
              <p className="note">{t('profile.airportsNote')}</p>
            </section>
            <section aria-labelledby="profile-borderland">
              <h3 id="profile-borderland">{t('profile.borderland')}</h3>
              <p className="figure" data-testid="borderland-share">
                {t('profile.borderlandShare', { share: formatPercent(data.borderland.share, lang) })}
              </p>
              <p className="note">
                {t('profile.borderlandNote', {
                  km: formatKm(data.borderland.radiusKm, lang),
                  // areaKm2 is the whole country's area; the zone is its share of it
                  zone: formatKm2(data.borderland.share * data.borderland.areaKm2, lang, 3),
                  area: formatKm2(data.borderland.areaKm2, lang),
                })}
              </p>
              {updating && <Loading label={t('profile.updating')} />}
            </section>
            <Suspense fallback={<Loading label={t('profile.loading')} />}>
              <FactorsSection code={data.code} borderKm={queryKm} />
            </Suspense>
            {children}
          </>
        )}
      </div>
    </Panel>
  );
}

/** ISO 3166-1 numeric codes are three digits, with leading zeros (Brazil is 076). */
function formatIsoNumeric(n: string | number | null | undefined): string {
  if (n === null || n === undefined || n === '') return '—';
  return String(n).padStart(3, '0');
}
