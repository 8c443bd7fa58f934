import { lazy, Suspense, useCallback, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTRIES_SET_ID } from '../../../data/sources';
import { Panel } from '../../ui/panel';
import { Loading } from '../../ui/loading';
import { useCountryName } from '../../lib/country-names';
import { formatKm, formatKm2, formatNumber, formatPercent } from '../../lib/format';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { errorCode } from '../../lib/trpc';
import { useAreaProfile } from './api/use-area-profile';
import { useAreaBrief } from './api/use-area-brief';
import { loadPanelStrings } from '../../lib/i18n';
import { IndicatorsSection } from './indicators-section';
import { InterventionsSection, RiskSection, SitesSection, ZonesSection } from './brief-sections';
import { Breadcrumbs, SubAreasSection } from './area-hierarchy';
import type { AreaRef, AreaTarget } from './area-ref';
import './area-profile.css';

// the factors' table and strings load with the first profile opened, not before the first paint
const FactorsSection = lazy(() =>
  Promise.all([import('./factors-section'), loadPanelStrings()]).then(([m]) => ({ default: m.FactorsSection })),
);

export interface AreaProfilePanelProps {
  /** The area: a country of the built-in set, or an area of any other boundary set. */
  area: AreaRef;
  borderKm: number;
  onClose: () => void;
  /** Opens another area: a breadcrumb up, or an area inside this one (the drill-down). */
  onOpenArea: (target: AreaTarget) => void;
  /** More sections, after the factors (the shell adds the interventions' suggestions for a country). */
  children?: ReactNode;
}

/**
 * The right-hand panel: the profile of one area of any boundary set. A country shows its codes,
 * population, airports and borderland share first; every area its indicators (value, period,
 * interval, rank, source, trend), sites by category, zone shares, risk score (asked for after the
 * rest: it reads the whole set), interventions, risk factors and the areas inside it.
 */
export function AreaProfilePanel({ area, borderKm, onClose, onOpenArea, children }: AreaProfilePanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countryName = useCountryName(lang);
  const isCountry = area.setId === COUNTRIES_SET_ID;
  // the slider moves in 1 km steps: ask the server once it rests
  const queryKm = useDebouncedValue(borderKm, 250);
  const brief = useAreaBrief(area, queryKm);
  const b = brief.data;
  const bodyRef = useRef<HTMLDivElement>(null);
  const nameOf = useCallback(
    (a: { boundarySetId: string; code: string; name: string }) => (a.boundarySetId === COUNTRIES_SET_ID ? countryName(a.code, a.name) : a.name || a.code),
    [countryName],
  );

  // a newly opened area takes the focus, so keyboard and screen-reader users land on it; on
  // closing, the focus goes back where it was (the map, the search box, the country list)
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    bodyRef.current?.closest('aside')?.querySelector<HTMLElement>('h2')?.focus();
    return () => {
      if (previous?.isConnected && previous !== document.body) previous.focus();
    };
  }, [area.setId, area.code]);

  // a printed brief shows every period's table: open them while printing
  useEffect(() => {
    const open = () => bodyRef.current?.querySelectorAll('details').forEach((d) => (d.open = true));
    window.addEventListener('beforeprint', open);
    return () => window.removeEventListener('beforeprint', open);
  }, []);

  // a country is named at once, before its profile arrives (the first one waits on the borderland zone)
  const title = b ? nameOf(b.area) : isCountry ? countryName(area.code, area.code) : t('profile.heading');
  const error = brief.error && !b ? brief.error : null;

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
      <div ref={bodyRef} aria-busy={brief.isFetching} data-set={area.setId} data-code={area.code}>
        <Breadcrumbs area={area} onOpen={onOpenArea} nameOf={nameOf} />
        {brief.isPending && <Loading label={t('profile.loading')} />}
        {error && (
          <p className="error-text" role="alert">
            {errorCode(error) === 'NOT_FOUND' ? t('profile.notFound', { code: area.code }) : t('profile.error', { message: error.message })}
          </p>
        )}
        {b && (
          <>
            <p className="profile__kicker" data-testid="profile-set">
              {isCountry ? t('profile.heading') : t('brief.kicker', { set: b.area.setName, level: b.area.level })}
            </p>
            <div className="profile__actions no-print">
              <button type="button" onClick={() => window.print()}>{t('brief.print')}</button>
            </div>
            {isCountry && <CountryFacts code={area.code} borderKm={borderKm} queryKm={queryKm} />}
            <IndicatorsSection indicators={b.indicators} />
            <SitesSection sites={b.sites} protectedK={b.sitesProtected?.k ?? null} />
            {!isCountry && <ZonesSection brief={b} />}
            <RiskSection area={area} />
            {!isCountry && <InterventionsSection interventions={b.interventions} />}
            <Suspense fallback={<Loading label={t('profile.loading')} />}>
              <FactorsSection boundarySetId={area.setId} code={area.code} borderKm={queryKm} />
            </Suspense>
            <SubAreasSection area={area} onOpen={onOpenArea} nameOf={nameOf} />
            {children}
            <p className="note print-only">{t('brief.printed', { date: new Date().toLocaleDateString(lang, { dateStyle: 'long' }), url: location.href })}</p>
          </>
        )}
      </div>
    </Panel>
  );
}

/** A country's codes, population, airports and borderland share (areas.profile). */
function CountryFacts({ code, borderKm, queryKm }: { code: string; borderKm: number; queryKm: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const profile = useAreaProfile(code, queryKm);
  const data = profile.data;
  const updating = profile.isPlaceholderData || (profile.isFetching && !!data) || queryKm !== borderKm;
  if (profile.isPending) return <Loading label={t('profile.loading')} />;
  if (!data) return profile.error ? <p className="error-text" role="alert">{t('profile.error', { message: profile.error.message })}</p> : null;
  return (
    <>
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
        <p className="note">{t('profile.populationNote', { count: data.population.placesCount, n: formatNumber(data.population.placesCount, lang) })}</p>
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
    </>
  );
}

/** ISO 3166-1 numeric codes are three digits, with leading zeros (Brazil is 076). */
function formatIsoNumeric(n: string | number | null | undefined): string {
  if (n === null || n === undefined || n === '') return '—';
  return String(n).padStart(3, '0');
}
