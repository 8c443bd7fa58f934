import { useTranslation } from 'react-i18next';
import { ACTION_AREAS, AUDIENCES, STRATEGY_CODES } from '../../../server/domain/action-areas';
import { INTERVENTION_STATUSES } from '../../../server/domain/interventions';
import { SENSITIVITIES } from '../../../server/domain/types';
import { Field } from '../../ui/form-field';
import type { InterventionFormValues } from './intervention-form';
import { actionAreaLabel, strategyLabel } from './intervention-labels';
import { TargetPicker } from './target-picker';
import type { DrawKind } from './draw-zone';

export interface InterventionFormViewProps {
  values: InterventionFormValues;
  onChange: (next: InterventionFormValues) => void;
  errors: Record<string, string[]>;
  onDraw: (kind: DrawKind) => void;
}

/** Every field of an intervention, each with its label and its errors. */
export function InterventionFormView({ values, onChange, errors, onDraw }: InterventionFormViewProps) {
  const { t } = useTranslation();
  const set = <K extends keyof InterventionFormValues>(key: K, v: InterventionFormValues[K]) => onChange({ ...values, [key]: v });
  const text = (key: 'title' | 'partner' | 'startDate' | 'endDate' | 'budget' | 'currency' | 'reachTarget', type = 'text', extra: Record<string, unknown> = {}) => (
    <Field label={t(`interventions.fields.${key}`)} errors={errors[key]} hint={key === 'currency' ? t('interventions.hints.currency') : undefined}>
      {(p) => <input {...p} {...extra} name={key} type={type} value={values[key]} onChange={(e) => set(key, e.currentTarget.value)} />}
    </Field>
  );
  return (
    <div className="iv-form">
      <div className="iv-form__grid">
        {text('title', 'text', { required: true, maxLength: 300 })}
        <Field label={t('interventions.fields.actionArea')} errors={errors.actionArea}>
          {(p) => (
            <select {...p} name="actionArea" required value={values.actionArea} onChange={(e) => set('actionArea', e.currentTarget.value as InterventionFormValues['actionArea'])}>
              <option value="">{t('interventions.form.chooseActionArea')}</option>
              {STRATEGY_CODES.map((s) => (
                <optgroup key={s} label={strategyLabel(t, s)}>
                  {ACTION_AREAS.filter((a) => a.strategy === s).map((a) => (
                    <option key={a.code} value={a.code}>{actionAreaLabel(t, a.code)}</option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('interventions.fields.status')} errors={errors.status}>
          {(p) => (
            <select {...p} name="status" value={values.status} onChange={(e) => set('status', e.currentTarget.value as InterventionFormValues['status'])}>
              {INTERVENTION_STATUSES.map((s) => (
                <option key={s} value={s}>{t(`interventions.status.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        {text('partner')}
        {text('startDate', 'date')}
        {text('endDate', 'date')}
        {text('budget', 'text', { inputMode: 'decimal' })}
        {text('currency', 'text', { maxLength: 3, autoCapitalize: 'characters' })}
        {text('reachTarget', 'text', { inputMode: 'numeric' })}
        <Field label={t('interventions.fields.sensitivity')} errors={errors.sensitivity} hint={t('interventions.hints.sensitivity')}>
          {(p) => (
            <select {...p} name="sensitivity" value={values.sensitivity} onChange={(e) => set('sensitivity', e.currentTarget.value as InterventionFormValues['sensitivity'])}>
              {SENSITIVITIES.map((s) => (
                <option key={s} value={s}>{t(`sensitivity.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <fieldset className="iv-audiences">
        <legend className="field__label">{t('interventions.fields.audiences')}</legend>
        <div className="iv-audiences__options">
          {AUDIENCES.map((a) => (
            <label key={a.id} className="choice-group__option">
              <input
                type="checkbox"
                name="audiences"
                value={a.id}
                checked={values.audiences.includes(a.id)}
                onChange={(e) => set('audiences', e.currentTarget.checked ? [...values.audiences, a.id] : values.audiences.filter((x) => x !== a.id))}
              />
              {t(`interventions.audiences.${a.id}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <TargetPicker targets={values.targets} onChange={(targets) => set('targets', targets)} onDraw={onDraw} errors={errors.targets} />

      <Field label={t('interventions.fields.notes')} errors={errors.notes}>
        {(p) => <textarea {...p} name="notes" rows={3} value={values.notes} onChange={(e) => set('notes', e.currentTarget.value)} />}
      </Field>
    </div>
  );
}
