import { useTranslation } from 'react-i18next';
import type { InterventionListItem } from './api/intervention-queries';
import { actionAreaLabel, formatWhen, targetLabel } from './intervention-labels';

export interface InterventionsTableProps {
  items: InterventionListItem[];
  /** Editors see the edit controls; viewers only the details. */
  canWrite: boolean;
  busyId: string | null;
  onDetails: (id: string) => void;
  onEdit: (id: string) => void;
  onDuplicate: (item: InterventionListItem) => void;
  onCancel: (item: InterventionListItem) => void;
}

/** Interventions, newest change first: what, where, who, when, and what can be done with each. */
export function InterventionsTable({ items, canWrite, busyId, onDetails, onEdit, onDuplicate, onCancel }: InterventionsTableProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const number = new Intl.NumberFormat(lang);
  return (
    <div className="table-scroll iv-table-scroll">
      <table className="iv-table" data-testid="interventions-table">
        <caption className="visually-hidden">{t('interventions.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('interventions.fields.title')}</th>
            <th scope="col">{t('interventions.fields.actionArea')}</th>
            <th scope="col">{t('interventions.fields.status')}</th>
            <th scope="col">{t('interventions.fields.audiences')}</th>
            <th scope="col">{t('interventions.fields.targets')}</th>
            <th scope="col">{t('interventions.fields.partner')}</th>
            <th scope="col">{t('interventions.table.period')}</th>
            <th scope="col" className="num">{t('interventions.fields.budget')}</th>
            <th scope="col" className="num">{t('interventions.fields.reachTarget')}</th>
            <th scope="col">{t('interventions.table.updated')}</th>
            <th scope="col">{t('interventions.table.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-id={item.id} data-status={item.status}>
              <th scope="row" data-field="title">{item.title}</th>
              <td data-field="actionArea">{actionAreaLabel(t, item.actionArea)}</td>
              <td data-field="status">
                <span className={`iv-status iv-status--${item.status}`}>{t(`interventions.status.${item.status}`)}</span>
              </td>
              <td data-field="audiences">{item.audiences.map((a) => t(`interventions.audiences.${a}`)).join(', ') || '—'}</td>
              <td data-field="targets">{item.targets.map((x) => targetLabel(t, x as never, lang)).join('; ') || '—'}</td>
              <td data-field="partner">{item.partner ?? '—'}</td>
              <td data-field="period">{period(item.startDate, item.endDate)}</td>
              <td data-field="budget" className="num">{item.budget === null ? '—' : `${number.format(item.budget)} ${item.currency ?? ''}`.trim()}</td>
              <td data-field="reachTarget" className="num">{item.reachTarget === null ? '—' : number.format(item.reachTarget)}</td>
              <td data-field="updated">
                {formatWhen(item.updatedAt, lang)}
                <br />
                <span className="iv-muted">{item.updatedBy}</span>
              </td>
              <td>
                <div className="iv-row-actions">
                  <button type="button" onClick={() => onDetails(item.id)} aria-label={t('interventions.actions.detailsOf', { title: item.title })}>
                    {t('interventions.actions.details')}
                  </button>
                  {canWrite && (
                    <>
                      <button type="button" onClick={() => onEdit(item.id)} aria-label={t('interventions.actions.editOf', { title: item.title })} disabled={busyId === item.id}>
                        {t('interventions.actions.edit')}
                      </button>
                      <button type="button" onClick={() => onDuplicate(item)} aria-label={t('interventions.actions.duplicateOf', { title: item.title })} disabled={busyId === item.id}>
                        {t('interventions.actions.duplicate')}
                      </button>
                      {item.status !== 'cancelled' && (
                        <button type="button" className="button--danger" onClick={() => onCancel(item)} aria-label={t('interventions.actions.cancelOf', { title: item.title })} disabled={busyId === item.id}>
                          {t('interventions.actions.cancel')}
                        </button>
                      )}
                    </>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function period(start: string | null, end: string | null): string {
  if (!start && !end) return '—';
  return `${start ?? '…'} – ${end ?? '…'}`;
}
