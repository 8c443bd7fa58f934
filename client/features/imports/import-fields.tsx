import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, type CategoryGroup } from '../../../server/domain/taxonomy';
import { ChoiceGroup, Field } from '../../ui/form-field';
import { formatNumber } from '../../lib/format';
import { KINDS, NUMBER_LOCALES, previewValues, type ImportForm, type Inspection } from './import-form';
import type { BoundarySet } from './api/import-queries';

export interface ImportFieldsProps {
  form: ImportForm;
  onChange: (patch: Partial<ImportForm>) => void;
  inspection: Inspection;
  boundarySets: BoundarySet[] | undefined;
  /** Messages from the server by request field. */
  errors: Record<string, string[]>;
}

const GROUPS = [...new Set(CATEGORIES.map((c) => c.group))] as CategoryGroup[];

/** Step 3: what the file holds (boundaries, sites, observations or a 3W sheet's interventions) and which columns say what. */
export function ImportFields({ form, onChange, inspection, boundarySets, errors }: ImportFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  const isTable = !!inspection.columns.length && Object.keys(inspection.geometryTypes).length === 0;

  return (
    <section className="wizard-step" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('imports.fields.heading')}</h3>
      <ChoiceGroup
        legend={t('imports.fields.kind')}
        name="kind"
        value={form.kind}
        options={KINDS.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
        onChange={(kind) => onChange({ kind })}
        errors={errors.kind}
      />
      <p className="field__hint">{t(`imports.kindHints.${form.kind}`)}</p>

      {form.kind === 'boundaries' && (
        <div className="field-grid">
          <ColumnSelect label={t('imports.fields.codeField')} value={form.codeField} columns={inspection.columns} onChange={(codeField) => onChange({ codeField })} errors={errors.codeField} required />
          <ColumnSelect label={t('imports.fields.nameField')} value={form.nameField} columns={inspection.columns} onChange={(nameField) => onChange({ nameField })} errors={errors.nameField} />
          <ColumnSelect label={t('imports.fields.parentField')} value={form.parentField} columns={inspection.columns} onChange={(parentField) => onChange({ parentField })} errors={errors.parentField} noneLabel={t('imports.fields.none')} />
          <Field label={t('imports.fields.level')} hint={t('imports.fields.levelHint')} errors={errors.level}>
            {(control) => (
              <input {...control} type="number" min={0} max={5} step={1} value={form.level} onChange={(e) => onChange({ level: e.currentTarget.value })} />
            )}
          </Field>
        </div>
      )}

      {form.kind === 'sites' && (
        <>
          <ChoiceGroup
            legend={t('imports.fields.categoryMode')}
            name="category-mode"
            value={form.categoryMode}
            options={[
              { value: 'fixed', label: t('imports.fields.categoryFixed') },
              { value: 'column', label: t('imports.fields.categoryColumn') },
            ]}
            onChange={(categoryMode) => onChange({ categoryMode })}
          />
          <div className="field-grid">
            {form.categoryMode === 'fixed' ? (
              <Field label={t('imports.fields.category')} errors={errors.category}>
                {(control) => (
                  <select {...control} value={form.category} onChange={(e) => onChange({ category: e.currentTarget.value })}>
                    <option value="">{t('imports.fields.chooseCategory')}</option>
                    {GROUPS.map((group) => (
                      <optgroup key={group} label={t(`taxonomyGroup.${group}`)}>
                        {CATEGORIES.filter((c) => c.group === group && !c.derived).map((c) => (
                          <option key={c.id} value={c.id}>
                            {t(`taxonomy.${c.id}`)}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <ColumnSelect label={t('imports.fields.categoryField')} hint={t('imports.fields.categoryFieldHint')} value={form.categoryField} columns={inspection.columns} onChange={(categoryField) => onChange({ categoryField })} errors={errors.categoryField} required />
            )}
            <ColumnSelect label={t('imports.fields.siteNameField')} value={form.nameField} columns={inspection.columns} onChange={(nameField) => onChange({ nameField })} errors={errors.nameField} noneLabel={t('imports.fields.auto')} />
            {isTable && (
              <>
                <ColumnSelect label={t('imports.fields.latField')} value={form.latField} columns={inspection.columns} onChange={(latField) => onChange({ latField })} errors={errors.latField} noneLabel={t('imports.fields.auto')} />
                <ColumnSelect label={t('imports.fields.lngField')} value={form.lngField} columns={inspection.columns} onChange={(lngField) => onChange({ lngField })} errors={errors.lngField} noneLabel={t('imports.fields.auto')} />
              </>
            )}
          </div>
        </>
      )}

      {form.kind === 'interventions' && (
        <InterventionFields form={form} onChange={onChange} inspection={inspection} boundarySets={boundarySets} errors={errors} />
      )}

      {form.kind === 'observations' && (
        <ObservationFields form={form} onChange={onChange} inspection={inspection} boundarySets={boundarySets} errors={errors} />
      )}

      {isTable && (
        <Field label={t('imports.fields.locale')} hint={t('imports.fields.localeHint')} errors={errors.locale} className="field--inline">
          {(control) => (
            <select {...control} value={form.locale} onChange={(e) => onChange({ locale: e.currentTarget.value as ImportForm['locale'] })}>
              {NUMBER_LOCALES.map((l) => (
                <option key={l} value={l}>
                  {t(`imports.locales.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </section>
  );
}

function ObservationFields({ form, onChange, inspection, boundarySets, errors }: ImportFieldsProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const columns = inspection.columns;
  const periodColumns = inspection.proposed.periodColumns;
  const setFilter = (i: number, patch: Partial<ImportForm['filters'][number]>) =>
    onChange({ filters: form.filters.map((f, j) => (j === i ? { ...f, ...patch } : f)) });

  return (
    <>
      <JoinFields form={form} onChange={onChange} inspection={inspection} boundarySets={boundarySets} errors={errors} />

      <ChoiceGroup
        legend={t('imports.fields.layout')}
        name="layout"
        value={form.layout}
        options={[
          { value: 'long', label: t('imports.fields.layoutLong') },
          { value: 'wide', label: t('imports.fields.layoutWide') },
        ]}
        onChange={(layout) => onChange({ layout })}
        errors={errors.layout}
      />
      {form.layout === 'wide' && (
        <p className="field__hint">
          {periodColumns.length
            ? t('imports.fields.periodColumns', { columns: periodColumns.join(', ') })
            : t('imports.fields.noPeriodColumns')}
        </p>
      )}

      <div className="field-grid">
        {form.layout === 'long' && (
          <>
            <ColumnSelect label={t('imports.fields.valueField')} value={form.valueField} columns={columns} onChange={(valueField) => onChange({ valueField })} errors={errors.valueField} required />
            <ChoiceGroup
              legend={t('imports.fields.periodMode')}
              name="period-mode"
              value={form.periodMode}
              options={[
                { value: 'fixed', label: t('imports.fields.periodFixed') },
                { value: 'column', label: t('imports.fields.periodColumn') },
              ]}
              onChange={(periodMode) => onChange({ periodMode })}
            />
            {form.periodMode === 'fixed' ? (
              <Field label={t('imports.fields.period')} hint={t('imports.fields.periodHint')} errors={errors.period}>
                {(control) => <input {...control} type="text" value={form.period} onChange={(e) => onChange({ period: e.currentTarget.value })} />}
              </Field>
            ) : (
              <ColumnSelect label={t('imports.fields.periodField')} value={form.periodField} columns={columns} onChange={(periodField) => onChange({ periodField })} errors={errors.periodField} required />
            )}
          </>
        )}
        <ChoiceGroup
          legend={t('imports.fields.indicatorMode')}
          name="indicator-mode"
          value={form.indicatorMode}
          options={[
            { value: 'fixed', label: t('imports.fields.indicatorFixed') },
            { value: 'column', label: t('imports.fields.indicatorColumn') },
          ]}
          onChange={(indicatorMode) => onChange({ indicatorMode })}
        />
        {form.indicatorMode === 'fixed' ? (
          <Field label={t('imports.fields.indicator')} hint={t('imports.fields.indicatorHint')} errors={errors.indicator}>
            {(control) => <input {...control} type="text" value={form.indicator} onChange={(e) => onChange({ indicator: e.currentTarget.value })} />}
          </Field>
        ) : (
          <ColumnSelect label={t('imports.fields.indicatorField')} value={form.indicatorField} columns={columns} onChange={(indicatorField) => onChange({ indicatorField })} errors={errors.indicatorField} required />
        )}
        <Field label={t('imports.fields.unit')} errors={errors.unit}>
          {(control) => <input {...control} type="text" value={form.unit} placeholder="%" onChange={(e) => onChange({ unit: e.currentTarget.value })} />}
        </Field>
      </div>

      <fieldset className="filters">
        <legend className="field__label">{t('imports.filters.heading')}</legend>
        <p className="field__hint">{t('imports.filters.hint')}</p>
        {form.filters.map((f, i) => (
          <div key={i} className="filters__row">
            <ColumnSelect label={t('imports.filters.column', { n: i + 1 })} value={f.field} columns={columns} onChange={(field) => setFilter(i, { field })} required />
            <Field label={t('imports.filters.equals', { n: i + 1 })}>
              {(control) => (
                <>
                  <input {...control} type="text" list={`${control.id}-values`} value={f.equals} onChange={(e) => setFilter(i, { equals: e.currentTarget.value })} />
                  <datalist id={`${control.id}-values`}>
                    {previewValues(inspection, f.field).map((v) => (
                      <option key={v} value={v} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <button type="button" className="filters__remove" onClick={() => onChange({ filters: form.filters.filter((_, j) => j !== i) })}>
              {t('imports.filters.remove', { n: i + 1 })}
            </button>
          </div>
        ))}
        {errors.filters && <p className="field__error">{errors.filters.join(' ')}</p>}
        <button type="button" onClick={() => onChange({ filters: [...form.filters, { field: '', equals: '' }] })}>
          {t('imports.filters.add')}
        </button>
      </fieldset>
    </>
  );
}

/** The area column and the boundary set it joins to (observations and 3W sheets). */
function JoinFields({ form, onChange, inspection, boundarySets, errors }: ImportFieldsProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
      <div className="field-grid">
        <ColumnSelect label={t('imports.fields.areaField')} hint={t('imports.fields.areaFieldHint')} value={form.areaField} columns={inspection.columns} onChange={(areaField) => onChange({ areaField })} errors={errors.areaField} required />
        <Field label={t('imports.fields.joinTo')} errors={errors.joinTo}>
          {(control) => (
            <select {...control} value={form.joinTo} onChange={(e) => onChange({ joinTo: e.currentTarget.value })}>
              <option value="">{boundarySets ? t('imports.fields.chooseBoundarySet') : t('imports.fields.loadingBoundarySets')}</option>
              {boundarySets?.map((b) => (
                <option key={b.id} value={b.id}>
                  {t('imports.fields.boundarySetOption', { name: b.name, level: b.level, count: b.areaCount, n: formatNumber(b.areaCount, lang) })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('imports.fields.joinOn')} errors={errors.joinOn}>
          {(control) => (
            <select {...control} value={form.joinOn} onChange={(e) => onChange({ joinOn: e.currentTarget.value as ImportForm['joinOn'] })}>
              {(['auto', 'code', 'name'] as const).map((j) => (
                <option key={j} value={j}>
                  {t(`imports.joinOn.${j}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
  );
}

/** A 3W sheet: which columns hold the organisation, the activity (action-area) code, the status, the dates, the budget and the reach. */
function InterventionFields({ form, onChange, inspection, boundarySets, errors }: ImportFieldsProps) {
  const { t } = useTranslation();
  const columns = inspection.columns;
  const select = (field: 'orgField' | 'activityField' | 'statusField' | 'startField' | 'endField' | 'titleField' | 'budgetField' | 'currencyField' | 'reachField' | 'reachedField', required = false) => (
    <ColumnSelect
      label={t(`imports.fields.${field}`)}
      value={form[field]}
      columns={columns}
      onChange={(column) => onChange({ [field]: column })}
      errors={errors[field]}
      noneLabel={required ? undefined : t('imports.fields.none')}
      required={required}
    />
  );
  return (
    <>
      <JoinFields form={form} onChange={onChange} inspection={inspection} boundarySets={boundarySets} errors={errors} />
      <div className="field-grid">
        {select('activityField', true)}
        {select('orgField')}
        {select('statusField')}
        {select('startField')}
        {select('endField')}
        {select('titleField')}
        {select('budgetField')}
        {select('currencyField')}
        {select('reachField')}
        {select('reachedField')}
      </div>
      <p className="field__hint">{t('imports.fields.threeWHint')}</p>
    </>
  );
}

interface ColumnSelectProps {
  label: string;
  hint?: string;
  value: string;
  columns: string[];
  onChange: (column: string) => void;
  errors?: string[];
  /** The label of the empty choice; a required select says "Choose a column". */
  noneLabel?: string;
  required?: boolean;
}

/** A select of the file's columns. */
function ColumnSelect({ label, hint, value, columns, onChange, errors, noneLabel, required }: ColumnSelectProps) {
  const { t } = useTranslation();
  return (
    <Field label={label} hint={hint} errors={errors}>
      {(control) => (
        <select {...control} value={value} aria-required={required || undefined} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">{noneLabel ?? t('imports.fields.chooseColumn')}</option>
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
