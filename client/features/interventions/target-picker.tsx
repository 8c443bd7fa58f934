import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/form-field';
import { Loading } from '../../ui/loading';
import { COUNTRIES_SET_ID, useBoundaryAreas, useBoundarySets, useSiteSearch } from './api/intervention-queries';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import type { FormTarget } from './intervention-form';
import { targetLabel } from './intervention-labels';
import { findAreas } from './find-areas';
import type { DrawKind } from './draw-zone';

export interface TargetPickerProps {
  targets: FormTarget[];
  onChange: (targets: FormTarget[]) => void;
  /** Draw a zone on the map (the form steps aside meanwhile). */
  onDraw: (kind: DrawKind) => void;
  errors?: string[];
}

/** Where the intervention acts: areas found by name or code in a boundary set, sites found by name, or zones drawn on the map. */
export function TargetPicker({ targets, onChange, onDraw, errors }: TargetPickerProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [setId, setSetId] = useState(COUNTRIES_SET_ID);
  const [query, setQuery] = useState('');
  const [circle, setCircle] = useState({ lng: '', lat: '', km: '' });
  const sets = useBoundarySets(true);
  const areas = useBoundaryAreas(setId);
  const found = useMemo(() => findAreas(areas.data, query, 8), [areas.data, query]);
  const chosen = new Set(targets.filter((x) => x.kind === 'area').map((x) => `${x.boundarySetId}|${x.code}`));
  const [siteQuery, setSiteQuery] = useState('');
  const sites = useSiteSearch(useDebouncedValue(siteQuery, 200));
  const chosenSites = new Set(targets.flatMap((x) => (x.kind === 'site' ? [x.siteId] : [])));

  const add = (target: FormTarget) => onChange([...targets, target]);
  const circleValues = { lng: Number(circle.lng.replace(',', '.')), lat: Number(circle.lat.replace(',', '.')), km: Number(circle.km.replace(',', '.')) };
  const circleOk = circle.lng !== '' && circle.lat !== '' && circle.km !== '' && Math.abs(circleValues.lat) <= 90 && Math.abs(circleValues.lng) <= 180 && circleValues.km > 0 && circleValues.km <= 500;

  return (
    <fieldset className="iv-targets" aria-describedby={errors?.length ? 'iv-targets-error' : undefined}>
      <legend className="field__label">{t('interventions.fields.targets')}</legend>
      {targets.length === 0 ? (
        <p className="note">{t('interventions.target.none')}</p>
      ) : (
        <ul className="iv-targets__list" data-testid="target-list">
          {targets.map((x, i) => (
            <li key={i}>
              <span>{targetLabel(t, x, lang)}</span>
              <button type="button" onClick={() => onChange(targets.filter((_, j) => j !== i))} aria-label={t('interventions.target.removeOf', { target: targetLabel(t, x, lang) })}>
                {t('interventions.target.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {errors?.length ? (
        <p id="iv-targets-error" className="field__error">{errors.join(' ')}</p>
      ) : null}

      <div className="iv-targets__areas">
        <Field label={t('interventions.target.boundarySet')}>
          {(p) => (
            <select {...p} value={setId} onChange={(e) => setSetId(e.currentTarget.value)}>
              {(sets.data ?? [{ id: COUNTRIES_SET_ID, name: t('interventions.target.countries'), level: 0, version: '', areaCount: 0 }]).map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('interventions.target.find')} hint={t('interventions.target.findHint')}>
          {(p) => <input {...p} type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />}
        </Field>
      </div>
      {areas.isPending && <Loading label={t('interventions.target.loadingAreas')} />}
      {areas.error && <p className="error-text" role="alert">{areas.error.message}</p>}
      {query.trim() !== '' && areas.data && (
        <ul className="iv-targets__found" aria-label={t('interventions.target.found')}>
          {found.length === 0 && <li className="note">{t('interventions.target.noMatch')}</li>}
          {found.map((a) => {
            const key = `${setId}|${a.code}`;
            return (
              <li key={a.code}>
                <button
                  type="button"
                  disabled={chosen.has(key)}
                  onClick={() => add({ kind: 'area', boundarySetId: setId, code: a.code, name: a.name })}
                  aria-label={t('interventions.target.addArea', { name: a.name, code: a.code })}
                >
                  {a.name} <span className="iv-muted">({a.code})</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}

      <div className="iv-targets__areas">
        <Field label={t('interventions.target.findSite')} hint={t('interventions.target.findSiteHint')}>
          {(p) => <input {...p} type="search" value={siteQuery} onChange={(e) => setSiteQuery(e.currentTarget.value)} autoComplete="off" />}
        </Field>
      </div>
      {sites.error && <p className="error-text" role="alert">{sites.error.message}</p>}
      {siteQuery.trim() !== '' && sites.data && (
        <ul className="iv-targets__found" aria-label={t('interventions.target.foundSites')}>
          {sites.data.length === 0 && <li className="note">{t('interventions.target.noSite')}</li>}
          {sites.data.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                disabled={chosenSites.has(s.id)}
                onClick={() => add({ kind: 'site', siteId: s.id, name: s.name })}
                aria-label={t('interventions.target.addSite', { name: s.name, category: t(`taxonomy.${s.category}`, { defaultValue: s.category }), dataset: s.datasetName })}
              >
                {s.name} <span className="iv-muted">({t(`taxonomy.${s.category}`, { defaultValue: s.category })}, {s.datasetName})</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="button-row">
        <button type="button" onClick={() => onDraw('polygon')}>{t('interventions.target.drawPolygon')}</button>
        <button type="button" onClick={() => onDraw('circle')}>{t('interventions.target.drawCircle')}</button>
      </div>
      <details className="iv-targets__circle">
        <summary>{t('interventions.target.circleByCoordinates')}</summary>
        <div className="iv-targets__circle-fields">
          <Field label={t('interventions.target.lng')}>
            {(p) => <input {...p} type="text" inputMode="decimal" value={circle.lng} onChange={(e) => setCircle({ ...circle, lng: e.currentTarget.value })} />}
          </Field>
          <Field label={t('interventions.target.lat')}>
            {(p) => <input {...p} type="text" inputMode="decimal" value={circle.lat} onChange={(e) => setCircle({ ...circle, lat: e.currentTarget.value })} />}
          </Field>
          <Field label={t('interventions.target.radiusKm')}>
            {(p) => <input {...p} type="text" inputMode="decimal" value={circle.km} onChange={(e) => setCircle({ ...circle, km: e.currentTarget.value })} />}
          </Field>
          <button
            type="button"
            disabled={!circleOk}
            onClick={() => {
              add({ kind: 'circle', center: [circleValues.lng, circleValues.lat], radiusM: Math.round(circleValues.km * 1000) });
              setCircle({ lng: '', lat: '', km: '' });
            }}
          >
            {t('interventions.target.addCircle')}
          </button>
        </div>
      </details>
    </fieldset>
  );
}
