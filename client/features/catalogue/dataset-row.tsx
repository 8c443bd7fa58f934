import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/form-field';
import { Slider } from '../../ui/slider';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { okabeItoHex } from '../../lib/colours';
import { formatNumber, formatPercent } from '../../lib/format';
import { readApiError } from '../../lib/api-errors';
import { errorCode } from '../../lib/trpc';
import { useRemoveDataset, useUpdateDataset, type CatalogueEntry } from './api/catalogue-queries';

export interface DatasetRowProps {
  dataset: CatalogueEntry;
  onDeleted: (datasetId: string) => void;
}

const USER_KINDS = new Set(['sites', 'boundaries', 'observations']);

/** One dataset of the catalogue: its provenance, and rename, restyle, hide, delete, export. */
export function DatasetRow({ dataset: d, onDeleted }: DatasetRowProps) {
  const { t, i18n } = useTranslation();
  const sensitivityText = (s: string) => t(`sensitivity.${s}`, { defaultValue: s }).toLowerCase();
  // what waits for the user's answer: a file of internal or restricted data, or making it public
  const [asking, setAsking] = useState<{ kind: 'export'; href: string } | { kind: 'public'; patch: DatasetPatch } | null>(null);
  // a file of internal or restricted data leaves the atlas's protection: the user confirms (the server refuses it unconfirmed, and audits it)
  const confirmExport = (e: { preventDefault(): void; currentTarget: HTMLAnchorElement }) => {
    if (d.sensitivity === 'public') return;
    e.preventDefault();
    setAsking({ kind: 'export', href: e.currentTarget.getAttribute('href')! });
  };
  const download = (href: string) => {
    const a = document.createElement('a');
    a.href = `${href}?confirm=1`;
    a.download = '';
    document.body.append(a);
    a.click();
    a.remove();
  };
  const save = (patch: DatasetPatch, confirmPublic = false) =>
    update.mutate({ id: d.id, version: d.version, ...patch, ...(confirmPublic ? { confirmPublic: true as const } : {}) }, { onSuccess: () => setMode('view') });
  const lang = i18n.language;
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const update = useUpdateDataset();
  const remove = useRemoveDataset();
  const editable = !d.builtIn && USER_KINDS.has(d.kind);
  const busy = update.isPending || remove.isPending;
  const errorText = update.error
    ? t('catalogue.actionError', { name: d.name, message: readApiError(update.error).message })
    : remove.error
      ? errorCode(remove.error) === 'CONFLICT'
        ? t('catalogue.inUse', { name: d.name })
        : t('catalogue.deleteError', { name: d.name, message: readApiError(remove.error).message })
      : null;
  const sr = (text: string) => <span className="visually-hidden"> {text}</span>;

  return (
    <tbody className={`catalogue__dataset${d.hidden ? ' catalogue__dataset--hidden' : ''}`} data-testid={`catalogue-${d.id}`}>
      <tr>
        <th scope="row">
          <span className="catalogue__name">{d.name}</span>
          <span className="catalogue__kind">
            {t(`catalogue.kinds.${d.kind}`, { defaultValue: d.kind })}
            {d.builtIn && ` · ${t('catalogue.builtIn')}`}
            {d.hidden && ` · ${t('catalogue.hiddenBadge')}`}
          </span>
        </th>
        <td>
          {d.source}
          <span className="catalogue__sub">{d.licence}</span>
        </td>
        <td>{d.dataDate ?? '—'}</td>
        <td>
          {formatDateTime(d.importedAt, lang)}
          <span className="catalogue__sub">{t('catalogue.by', { who: d.importedBy })}</span>
        </td>
        <td>{t(`sensitivity.${d.sensitivity}`, { defaultValue: d.sensitivity })}</td>
        <td>
          {d.fileName ?? '—'}
          {d.fileHash && (
            <span className="catalogue__sub">
              <abbr title={t('catalogue.sha256', { hash: d.fileHash })}>SHA-256</abbr> <code data-testid="file-hash">{d.fileHash.slice(0, 12)}</code>
            </span>
          )}
        </td>
        <td className="num">{formatNumber(d.featureCount, lang)}</td>
        <td>
          <div className="catalogue__actions">
            {editable && (
              <>
                <button type="button" onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')} aria-expanded={mode === 'edit'} disabled={busy}>
                  {t('catalogue.edit')}
                  {sr(d.name)}
                </button>
                <button type="button" onClick={() => update.mutate({ id: d.id, version: d.version, hidden: !d.hidden })} disabled={busy}>
                  {d.hidden ? t('catalogue.show') : t('catalogue.hide')}
                  {sr(d.name)}
                </button>
                <button type="button" className="button--danger" onClick={() => setMode('confirm-delete')} disabled={busy}>
                  {t('catalogue.delete')}
                  {sr(d.name)}
                </button>
              </>
            )}
            <a href={`/api/datasets/${encodeURIComponent(d.id)}/export.csv`} download onClick={confirmExport}>
              CSV{sr(d.name)}
            </a>
            {d.kind !== 'observations' && (
              <a href={`/api/datasets/${encodeURIComponent(d.id)}/export.geojson`} download onClick={confirmExport}>
                GeoJSON{sr(d.name)}
              </a>
            )}
          </div>
        </td>
      </tr>
      {errorText && (
        <tr>
          <td colSpan={8}>
            <p className="error-text" role="alert">
              {errorText}
            </p>
          </td>
        </tr>
      )}
      {mode === 'confirm-delete' && (
        <tr className="catalogue__panel">
          <td colSpan={8}>
            <div role="alertdialog" aria-label={t('catalogue.confirmLabel', { name: d.name })} className="confirm">
              <p>{t('catalogue.confirm', { name: d.name })}</p>
              <div className="button-row">
                <button
                  type="button"
                  className="button--danger"
                  autoFocus
                  disabled={busy}
                  onClick={() =>
                    remove.mutate(
                      { id: d.id },
                      {
                        onSuccess: () => {
                          setMode('view');
                          onDeleted(d.id);
                        },
                      },
                    )
                  }
                >
                  {t('catalogue.confirmDelete', { name: d.name })}
                </button>
                <button type="button" onClick={() => setMode('view')}>
                  {t('catalogue.keep')}
                </button>
              </div>
            </div>
          </td>
        </tr>
      )}
      {mode === 'edit' && (
        <tr className="catalogue__panel">
          <td colSpan={8}>
            <EditDataset
              dataset={d}
              busy={busy}
              onCancel={() => setMode('view')}
              onSave={(patch) => (patch.sensitivity === 'public' && d.sensitivity !== 'public' ? setAsking({ kind: 'public', patch }) : save(patch))}
            />
          </td>
        </tr>
      )}
      {asking && (
        <ConfirmDialog
          title={asking.kind === 'export' ? t('catalogue.exportConfirmTitle', { name: d.name }) : t('catalogue.publicConfirmTitle', { name: d.name })}
          message={
            asking.kind === 'export'
              ? t('catalogue.exportConfirm', { name: d.name, sensitivity: sensitivityText(d.sensitivity) })
              : t('catalogue.publicConfirm', { name: d.name, sensitivity: sensitivityText(d.sensitivity) })
          }
          confirmLabel={asking.kind === 'export' ? t('catalogue.exportConfirmYes') : t('catalogue.publicConfirmYes')}
          cancelLabel={t('catalogue.cancel')}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            if (asking.kind === 'export') download(asking.href);
            else save(asking.patch, true);
          }}
        />
      )}
    </tbody>
  );
}

type Sensitivity = CatalogueEntry['sensitivity'];
type DatasetPatch = { name: string; sensitivity: Sensitivity; style: { colour?: string; opacity: number; radiusPx?: number } };

interface EditDatasetProps {
  dataset: CatalogueEntry;
  busy: boolean;
  onSave: (patch: DatasetPatch) => void;
  onCancel: () => void;
}

/** Rename and restyle: a name, an Okabe–Ito colour, the dots' radius, the opacity. */
function EditDataset({ dataset: d, busy, onSave, onCancel }: EditDatasetProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [name, setName] = useState(d.name);
  const [sensitivity, setSensitivity] = useState<Sensitivity>(d.sensitivity);
  const [colour, setColour] = useState(d.style?.colour ?? '');
  const [radiusPx, setRadiusPx] = useState(d.style?.radiusPx ?? 5);
  // the defaults of the layer factories (features/layers/use-user-layers.ts)
  const [opacity, setOpacity] = useState(d.style?.opacity ?? ({ sites: 0.9, boundaries: 1, observations: 0.8 } as Record<string, number>)[d.kind] ?? 1);
  const nameError = name.trim() === '' ? [t('catalogue.nameRequired')] : undefined;

  return (
    <form
      className="edit-dataset"
      onSubmit={(e) => {
        e.preventDefault();
        if (nameError) return;
        onSave({
          name: name.trim(),
          sensitivity,
          style: { ...(colour ? { colour } : {}), opacity, ...(d.kind === 'sites' ? { radiusPx } : {}) },
        });
      }}
    >
      <Field label={t('catalogue.name')} errors={nameError}>
        {(control) => <input {...control} type="text" value={name} maxLength={200} onChange={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label={t('catalogue.columns.sensitivity')} hint={t(`imports.sensitivityHints.${sensitivity}`)}>
        {(control) => (
          <select {...control} value={sensitivity} onChange={(e) => setSensitivity(e.currentTarget.value as Sensitivity)}>
            {(['public', 'internal', 'restricted'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`sensitivity.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {d.kind !== 'observations' && (
        <fieldset className="colour-choice">
          <legend className="field__label">{t('catalogue.colour')}</legend>
          {okabeItoHex.map((c) => (
            <label key={c.hex} className="colour-choice__option" title={t(`colours.${c.name}`)}>
              <input type="radio" name={`${id}-colour`} value={c.hex} checked={colour === c.hex} onChange={() => setColour(c.hex)} />
              <span className="colour-choice__swatch" style={{ background: c.hex }} aria-hidden="true" />
              <span className="visually-hidden">{t(`colours.${c.name}`)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {d.kind === 'sites' && (
        <Slider label={t('catalogue.radius')} value={radiusPx} min={1} max={40} valueText={t('catalogue.pixels', { px: radiusPx })} onChange={setRadiusPx} />
      )}
      <Slider
        label={t('catalogue.opacity')}
        value={Math.round(opacity * 100)}
        min={10}
        max={100}
        step={5}
        valueText={formatPercent(opacity, i18n.language)}
        onChange={(v) => setOpacity(v / 100)}
      />
      <div className="button-row">
        <button type="submit" className="button--primary" disabled={busy}>
          {t('catalogue.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('catalogue.cancel')}
        </button>
      </div>
    </form>
  );
}

function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
