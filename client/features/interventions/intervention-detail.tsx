import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/form-field';
import { Loading } from '../../ui/loading';
import { readApiError } from '../../lib/api-errors';
import { useAddReach, useHistory, useIntervention, useReach } from './api/intervention-queries';
import { ProgressChart } from './progress-chart';
import { actionAreaLabel, formatFieldValue, formatWhen, targetLabel } from './intervention-labels';

export interface InterventionDetailProps {
  id: string;
  canWrite: boolean;
}

/** What an editor can do with the intervention shown (the same as from its row of the table). */
export interface DetailActions {
  /** While an action on this intervention is under way, its buttons wait. */
  busy: boolean;
  onEdit: (id: string) => void;
  onDuplicate: (item: { id: string; title: string }) => void;
  onCancel: (item: { id: string; version: number; title: string }) => void;
}

/**
 * One intervention: its fields, what an editor can do with it (edit, duplicate, cancel), its
 * reach over time (with a new measurement for editors), and its history.
 */
export function InterventionDetail({ id, canWrite, actions }: InterventionDetailProps & { actions?: DetailActions }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const record = useIntervention(id);
  const r = record.data;
  if (record.isPending) return <Loading label={t('interventions.loading')} />;
  if (record.error || !r) return <p className="error-text" role="alert">{record.error?.message}</p>;
  return (
    <div className="iv-detail" data-testid="intervention-detail">
      <h3 data-testid="detail-title">{r.title}</h3>
      {canWrite && actions && (
        <div className="button-row iv-detail__actions" role="group" aria-label={t('interventions.actions.groupOf', { title: r.title })}>
          <button type="button" onClick={() => actions.onEdit(r.id)} aria-label={t('interventions.actions.editOf', { title: r.title })} disabled={actions.busy}>
            {t('interventions.actions.edit')}
          </button>
          <button type="button" onClick={() => actions.onDuplicate(r)} aria-label={t('interventions.actions.duplicateOf', { title: r.title })} disabled={actions.busy}>
            {t('interventions.actions.duplicate')}
          </button>
          {r.status !== 'cancelled' && (
            <button type="button" className="button--danger" onClick={() => actions.onCancel(r)} aria-label={t('interventions.actions.cancelOf', { title: r.title })} disabled={actions.busy}>
              {t('interventions.actions.cancel')}
            </button>
          )}
        </div>
      )}
      <dl className="iv-detail__facts">
        <div><dt>{t('interventions.fields.actionArea')}</dt><dd>{actionAreaLabel(t, r.actionArea)}</dd></div>
        <div><dt>{t('interventions.fields.status')}</dt><dd>{t(`interventions.status.${r.status}`)}</dd></div>
        <div><dt>{t('interventions.fields.partner')}</dt><dd>{r.partner ?? '—'}</dd></div>
        <div><dt>{t('interventions.fields.audiences')}</dt><dd>{formatFieldValue(t, 'audiences', r.audiences, lang)}</dd></div>
        <div><dt>{t('interventions.fields.targets')}</dt><dd>{r.targets.map((x) => targetLabel(t, x as never, lang)).join('; ') || '—'}</dd></div>
        <div><dt>{t('interventions.table.version')}</dt><dd>{r.version}</dd></div>
      </dl>
      {r.notes && <p className="iv-detail__notes">{r.notes}</p>}
      <ReachSection id={id} canWrite={canWrite} />
      <HistorySection id={id} />
    </div>
  );
}

function ReachSection({ id, canWrite }: InterventionDetailProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const reach = useReach(id);
  const add = useAddReach();
  const [entry, setEntry] = useState({ recordedOn: new Date().toISOString().slice(0, 10), reach: '', note: '' });
  const number = new Intl.NumberFormat(lang);
  const problem = add.error ? readApiError(add.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ id, recordedOn: entry.recordedOn, reach: Number(entry.reach), note: entry.note }, { onSuccess: () => setEntry({ ...entry, reach: '', note: '' }) });
  };
  return (
    <section aria-labelledby="iv-reach-heading">
      <h4 id="iv-reach-heading">{t('interventions.reach.heading')}</h4>
      {reach.isPending && <Loading label={t('interventions.loading')} />}
      {reach.data && (
        <>
          <p className="note">
            {reach.data.reachTarget === null ? t('interventions.reach.noTarget') : t('interventions.reach.target', { count: reach.data.reachTarget, n: number.format(reach.data.reachTarget) })}
          </p>
          {reach.data.entries.length > 0 && (
            <ProgressChart points={reach.data.entries.map((e) => ({ date: e.recordedOn, reach: e.reach }))} target={reach.data.reachTarget} label={t('interventions.progress.ofIntervention')} />
          )}
          {reach.data.entries.length > 0 && (
            <table className="iv-small-table" data-testid="reach-table">
              <thead>
                <tr>
                  <th scope="col">{t('interventions.reach.date')}</th>
                  <th scope="col" className="num">{t('interventions.reach.reached')}</th>
                  <th scope="col" className="num">{t('interventions.reach.share')}</th>
                  <th scope="col">{t('interventions.reach.note')}</th>
                  <th scope="col">{t('interventions.reach.by')}</th>
                </tr>
              </thead>
              <tbody>
                {reach.data.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{e.recordedOn}</td>
                    <td className="num">{number.format(e.reach)}</td>
                    <td className="num">{reach.data.reachTarget ? new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(e.reach / reach.data.reachTarget) : '—'}</td>
                    <td>{e.note || '—'}</td>
                    <td>{e.recordedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {canWrite && (
        <form className="iv-reach-form" onSubmit={submit}>
          <Field label={t('interventions.reach.date')} errors={problem?.fields.recordedOn}>
            {(p) => <input {...p} type="date" required value={entry.recordedOn} onChange={(e) => setEntry({ ...entry, recordedOn: e.currentTarget.value })} />}
          </Field>
          <Field label={t('interventions.reach.reached')} errors={problem?.fields.reach}>
            {(p) => <input {...p} type="number" min={0} step={1} required value={entry.reach} onChange={(e) => setEntry({ ...entry, reach: e.currentTarget.value })} />}
          </Field>
          <Field label={t('interventions.reach.note')}>
            {(p) => <input {...p} type="text" value={entry.note} onChange={(e) => setEntry({ ...entry, note: e.currentTarget.value })} />}
          </Field>
          <button type="submit" disabled={add.isPending || entry.reach === ''}>{t('interventions.reach.add')}</button>
          {problem && !problem.fields.reach && !problem.fields.recordedOn && <p className="error-text" role="alert">{problem.message}</p>}
        </form>
      )}
    </section>
  );
}

function HistorySection({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const history = useHistory(id);
  return (
    <section aria-labelledby="iv-history-heading">
      <h4 id="iv-history-heading">{t('interventions.history.heading')}</h4>
      {history.isPending && <Loading label={t('interventions.loading')} />}
      {history.error && <p className="note">{history.error.message}</p>}
      {history.data && (
        <table className="iv-small-table" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">{t('interventions.history.when')}</th>
              <th scope="col">{t('interventions.history.who')}</th>
              <th scope="col">{t('interventions.history.what')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((h, i) => (
              <tr key={i} data-action={h.action}>
                <td>{formatWhen(h.at, lang)}</td>
                <td>{h.email ?? '—'}</td>
                <td>{describeEvent(h.action, h.detail, t, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function describeEvent(action: string, detail: Record<string, unknown> | null, t: ReturnType<typeof useTranslation>['t'], lang: string): string {
  const kind = action.replace('intervention.', '');
  const label = t(`interventions.history.actions.${kind}`, { defaultValue: action });
  const changes = (detail?.changes ?? null) as Record<string, { from: unknown; to: unknown }> | null;
  if (kind === 'reach' && detail) return `${label}: ${detail.recordedOn} — ${new Intl.NumberFormat(lang).format(Number(detail.reach))}`;
  if (!changes) return label;
  const parts = Object.entries(changes).map(([field, c]) => {
    const name = t(`interventions.fields.${field}`, { defaultValue: field });
    return t('interventions.history.change', { field: name, from: formatFieldValue(t, field, c.from, lang), to: formatFieldValue(t, field, c.to, lang) });
  });
  return `${label}: ${parts.join('; ')}`;
}
