import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature, Geometry } from 'geojson';
import { SamplePlot } from '../../ui/sample-plot';
import { Field } from '../../ui/form-field';
import { formatNumber } from '../../lib/format';
import { IssueList } from './issue-list';
import { ENCODINGS, type Inspection } from './import-form';

export interface FilePreviewProps {
  inspection: Inspection;
  encoding: string;
  onEncodingChange: (encoding: string) => void;
  /** True while the file is read again (another encoding). */
  updating: boolean;
}

const PREVIEW_ROWS = 10;
const TABLE_FORMATS = new Set(['csv', 'xlsx']);

/** What the server read: format, counts, issues, the first rows and a small map of the sample. */
export function FilePreview({ inspection, encoding, onEncodingChange, updating }: FilePreviewProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const { upload, format, rowCount, columns, preview, hxl, geometryTypes, sample, issues } = inspection;
  const hasGeometry = Object.keys(geometryTypes).length > 0 || sample.features.length > 0;
  const isTable = TABLE_FORMATS.has(format) || !hasGeometry;
  const rows = preview.slice(0, PREVIEW_ROWS);

  return (
    <section className="wizard-step" aria-labelledby={`${id}-heading`} aria-busy={updating}>
      <h3 id={`${id}-heading`}>{t('imports.preview.heading')}</h3>
      <div className="preview">
        <dl className="facts">
          <div>
            <dt>{t('imports.preview.file')}</dt>
            <dd>{upload.name}</dd>
          </div>
          <div>
            <dt>{t('imports.preview.format')}</dt>
            <dd data-testid="format">{t(`imports.formats.${format}`, { defaultValue: format })}</dd>
          </div>
          <div>
            <dt>{t('imports.preview.size')}</dt>
            <dd data-testid="row-count">
              {t(isTable ? 'imports.preview.rows' : 'imports.preview.features', { count: rowCount, n: formatNumber(rowCount, lang) })}
            </dd>
          </div>
          {hasGeometry && Object.keys(geometryTypes).length > 0 && (
            <div>
              <dt>{t('imports.preview.geometry')}</dt>
              <dd>
                {Object.entries(geometryTypes)
                  .map(([type, n]) => `${type} ${formatNumber(n, lang)}`)
                  .join(', ')}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('imports.preview.hash')}</dt>
            <dd>
              <code title={upload.sha256}>{upload.sha256.slice(0, 12)}</code>
            </dd>
          </div>
        </dl>
        {sample.features.length > 0 && (
          <SamplePlot
            features={sample.features as Feature<Geometry>[]}
            label={t('imports.preview.mapLabel', { count: sample.features.length, n: formatNumber(sample.features.length, lang) })}
          />
        )}
      </div>

      {format !== 'xlsx' && format !== 'osm-pbf' && (
        <Field label={t('imports.preview.encoding')} hint={t('imports.preview.encodingHint')} className="field--inline">
          {(control) => (
            <select {...control} value={encoding} onChange={(e) => onEncodingChange(e.currentTarget.value)}>
              {ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {enc === '' ? t('imports.preview.encodingAuto') : enc}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}

      <IssueList issues={issues} caption={t('imports.preview.issues')} />

      {columns.length > 0 && rows.length > 0 && (
        <div className="table-scroll preview-table" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
          <table>
            <caption id={`${id}-caption`}>
              {t('imports.preview.firstRows', { shown: formatNumber(rows.length, lang), count: rowCount, n: formatNumber(rowCount, lang) })}
            </caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
              {hxl && (
                <tr className="preview-table__hxl">
                  {columns.map((c, i) => (
                    <td key={c}>{hxl[i] ?? ''}</td>
                  ))}
                </tr>
              )}
            </thead>
            <tbody>
              {rows.map((row, r) => (
                <tr key={r}>
                  {columns.map((c, i) => (
                    <td key={c}>{row[i] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
