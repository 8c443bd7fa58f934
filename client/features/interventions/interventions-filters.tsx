import { useTranslation } from 'react-i18next';
import { ACTION_AREAS, AUDIENCES, STRATEGY_CODES } from '../../../server/domain/action-areas';
import { INTERVENTION_STATUSES } from '../../../server/domain/interventions';
import { Field } from '../../ui/form-field';
import { actionAreaLabel, strategyLabel } from './intervention-labels';
import { NO_FILTER, type FilterValues } from './list-filter';

export interface InterventionFiltersProps {
  value: FilterValues;
  onChange: (next: FilterValues) => void;
}

/** Filters of the table: strategy and action area (code and name), status, audience, partner, period. */
export function InterventionFilters({ value, onChange }: InterventionFiltersProps) {
  const { t } = useTranslation();
  const set = <K extends keyof FilterValues>(key: K, v: FilterValues[K]) => onChange({ ...value, [key]: v });
  const areas = ACTION_AREAS.filter((a) => !value.strategy || a.strategy === value.strategy);
  return (
    <fieldset className="iv-filters">
      <legend className="visually-hidden">{t('interventions.filters.legend')}</legend>
      <Field label={t('interventions.filters.strategy')}>
        {(p) => (
          <select {...p} value={value.strategy} onChange={(e) => onChange({ ...value, strategy: e.currentTarget.value as FilterValues['strategy'], actionArea: '' })}>
            <option value="">{t('interventions.filters.any')}</option>
            {STRATEGY_CODES.map((c) => (
              <option key={c} value={c}>{strategyLabel(t, c)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('interventions.filters.actionArea')}>
        {(p) => (
          <select {...p} value={value.actionArea} onChange={(e) => set('actionArea', e.currentTarget.value as FilterValues['actionArea'])}>
            <option value="">{t('interventions.filters.any')}</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>{actionAreaLabel(t, a.code)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('interventions.filters.status')}>
        {(p) => (
          <select {...p} value={value.status} onChange={(e) => set('status', e.currentTarget.value as FilterValues['status'])}>
            <option value="">{t('interventions.filters.any')}</option>
            {INTERVENTION_STATUSES.map((s) => (
              <option key={s} value={s}>{t(`interventions.status.${s}`)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('interventions.filters.audience')}>
        {(p) => (
          <select {...p} value={value.audience} onChange={(e) => set('audience', e.currentTarget.value as FilterValues['audience'])}>
            <option value="">{t('interventions.filters.any')}</option>
            {AUDIENCES.map((a) => (
              <option key={a.id} value={a.id}>{t(`interventions.audiences.${a.id}`)}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('interventions.filters.partner')}>
        {(p) => <input {...p} type="text" value={value.partner} onChange={(e) => set('partner', e.currentTarget.value)} />}
      </Field>
      <Field label={t('interventions.filters.from')}>
        {(p) => <input {...p} type="date" value={value.from} onChange={(e) => set('from', e.currentTarget.value)} />}
      </Field>
      <Field label={t('interventions.filters.to')}>
        {(p) => <input {...p} type="date" value={value.to} onChange={(e) => set('to', e.currentTarget.value)} />}
      </Field>
      <div className="iv-filters__reset">
        <button type="button" onClick={() => onChange(NO_FILTER)} disabled={JSON.stringify(value) === JSON.stringify(NO_FILTER)}>
          {t('interventions.filters.reset')}
        </button>
      </div>
    </fieldset>
  );
}
