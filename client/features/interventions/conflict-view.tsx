import { useTranslation } from 'react-i18next';
import type { InterventionFormValues } from './intervention-form';
import { compareVersions, type InterventionConflict } from './conflict';
import { formatFieldValue, formatWhen } from './intervention-labels';

export interface ConflictViewProps {
  conflict: InterventionConflict;
  opened: InterventionFormValues;
  mine: InterventionFormValues;
  busy: boolean;
  onKeepTheirs: () => void;
  onOverwrite: () => void;
}

/** A refused save: both versions side by side, and the choice between them. */
export function ConflictView({ conflict, opened, mine, busy, onKeepTheirs, onOverwrite }: ConflictViewProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rows = compareVersions(opened, mine, conflict);
  return (
    <section className="iv-conflict" role="alert" aria-labelledby="iv-conflict-heading" data-testid="conflict-view">
      <h3 id="iv-conflict-heading">{t('interventions.conflict.heading')}</h3>
      <p>
        {t('interventions.conflict.explain', {
          who: conflict.changedBy,
          when: formatWhen(conflict.changedAt, lang),
          yours: conflict.yourVersion,
          now: conflict.current.version,
        })}
      </p>
      <table className="iv-conflict__table">
        <caption className="visually-hidden">{t('interventions.conflict.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('interventions.conflict.field')}</th>
            <th scope="col">{t('interventions.conflict.mine')}</th>
            <th scope="col">{t('interventions.conflict.theirs', { who: conflict.changedBy })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} data-field={r.field} className={r.clash ? 'iv-conflict__clash' : undefined}>
              <th scope="row">
                {t(`interventions.fields.${r.field}`)}
                {r.clash && <span className="iv-conflict__badge">{t('interventions.conflict.bothChanged')}</span>}
              </th>
              <td data-side="mine">{formatFieldValue(t, r.field, r.mine, lang)}{!r.changedByMe && <span className="iv-muted"> {t('interventions.conflict.unchanged')}</span>}</td>
              <td data-side="theirs">{formatFieldValue(t, r.field, r.theirs, lang)}{!r.changedByThem && <span className="iv-muted"> {t('interventions.conflict.unchanged')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={onKeepTheirs} disabled={busy}>{t('interventions.conflict.keepTheirs')}</button>
        <button type="button" className="button--primary" onClick={onOverwrite} disabled={busy}>{t('interventions.conflict.overwrite')}</button>
      </div>
    </section>
  );
}
