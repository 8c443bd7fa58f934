import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/form-field';
import { SENSITIVITIES, type ImportForm } from './import-form';

export interface ProvenanceFieldsProps {
  form: ImportForm;
  onChange: (patch: Partial<ImportForm>) => void;
  errors: Record<string, string[]>;
}

/** Step 4: what the catalogue records about the data: its name, source, licence, date and sensitivity. */
export function ProvenanceFields({ form, onChange, errors }: ProvenanceFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="wizard-step" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('imports.provenance.heading')}</h3>
      <div className="field-grid">
        <Field label={t('imports.provenance.name')} errors={errors.name}>
          {(control) => (
            <input {...control} type="text" required maxLength={200} value={form.name} onChange={(e) => onChange({ name: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('imports.provenance.source')} hint={t('imports.provenance.sourceHint')} errors={errors.source}>
          {(control) => (
            <input {...control} type="text" maxLength={500} value={form.source} onChange={(e) => onChange({ source: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('imports.provenance.licence')} hint={t('imports.provenance.licenceHint')} errors={errors.licence}>
          {(control) => (
            <input {...control} type="text" maxLength={200} value={form.licence} onChange={(e) => onChange({ licence: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('imports.provenance.dataDate')} hint={t('imports.provenance.dataDateHint')} errors={errors.dataDate}>
          {(control) => (
            <input {...control} type="text" inputMode="numeric" value={form.dataDate} placeholder="2021-06-30" onChange={(e) => onChange({ dataDate: e.currentTarget.value })} />
          )}
        </Field>
        <Field label={t('imports.provenance.sensitivity')} hint={t(`imports.sensitivityHints.${form.sensitivity}`)} errors={errors.sensitivity}>
          {(control) => (
            <select {...control} value={form.sensitivity} onChange={(e) => onChange({ sensitivity: e.currentTarget.value as ImportForm['sensitivity'] })}>
              {SENSITIVITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`sensitivity.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </section>
  );
}
