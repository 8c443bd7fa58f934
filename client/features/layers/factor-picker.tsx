import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUNTRIES_SET_ID } from '../../../data/sources';
import { Loading } from '../../ui/loading';
import { useStore } from '../../lib/store';
import { useFactorList } from './api/factor-queries';
import type { DatasetSummary } from './api/dataset-queries';
import { ChoroplethControls } from './choropleth-controls';
import type { ClassLegend } from './choropleth-style';
import { factorLabel } from './factor-label';
import { mapStyleStore, setFactor } from './map-style-store';
import type { LayerStatus } from './use-data-layers';

export interface FactorPickerProps {
  /** The user's boundary sets (their dataset ids are their set ids). */
  boundarySets: DatasetSummary[];
  /** The legend of the factor drawn, once it is. */
  legend: ClassLegend | undefined;
  status: LayerStatus;
}

/** Maps a factor of any boundary set as a choropleth: the set, then one of its stored factors. */
export function FactorPicker({ boundarySets, legend, status }: FactorPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const choice = useStore(mapStyleStore, (s) => s.factor);
  const [setId, setSetId] = useState(choice?.boundarySetId ?? COUNTRIES_SET_ID);
  const list = useFactorList(setId, true);
  const sets = [{ id: COUNTRIES_SET_ID, name: t('layers.countries') }, ...boundarySets.map((d) => ({ id: d.id, name: d.name }))];
  const value = choice?.boundarySetId === setId ? choice.name : '';
  const setName = sets.find((s) => s.id === setId)?.name ?? setId;

  return (
    <div className="factor-picker" data-testid="factor-picker">
      <div className="choropleth-controls__row">
        <label htmlFor={`${id}-set`}>{t('layers.factors.set')}</label>
        <select
          id={`${id}-set`}
          value={setId}
          onChange={(e) => {
            setSetId(e.currentTarget.value);
            setFactor(null);
          }}
        >
          {sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {list.isPending && list.fetchStatus === 'fetching' && <Loading label={t('layers.loadingData')} />}
      {list.error && (
        <p className="error-text" role="alert">
          {t('layers.factors.loadError', { message: list.error.message })}
        </p>
      )}
      {list.data === null && <p className="note">{t('layers.factors.notComputed')}</p>}
      {list.data && (
        <div className="choropleth-controls__row">
          <label htmlFor={`${id}-factor`}>{t('layers.factors.factor')}</label>
          <select id={`${id}-factor`} value={value} onChange={(e) => setFactor(e.currentTarget.value ? { boundarySetId: setId, name: e.currentTarget.value } : null)}>
            <option value="">{t('layers.factors.none')}</option>
            {list.data.factors.map((f) => (
              <option key={f.name} value={f.name}>
                {factorLabel(t, f.name)}
              </option>
            ))}
          </select>
        </div>
      )}
      {choice && status.loading && <Loading label={t('layers.loadingData')} />}
      {choice && status.error && (
        <p className="error-text" role="alert">
          {t('layers.factors.loadError', { message: status.error.message })}
        </p>
      )}
      {choice && legend && <ChoroplethControls legend={legend} layerName={`${setName}: ${legend.title}`} />}
    </div>
  );
}
