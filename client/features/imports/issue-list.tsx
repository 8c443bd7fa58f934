import { useTranslation } from 'react-i18next';
import type { IssueLike } from '../../lib/api-errors';
import { formatNumber } from '../../lib/format';

export interface IssueListProps {
  issues: IssueLike[];
  caption: string;
  /** Show at most this many; the rest are counted. */
  max?: number;
}

/** Import issues as a table: severity, where (row, feature, field) and the message, as text. */
export function IssueList({ issues, caption, max = 50 }: IssueListProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (issues.length === 0) return null;
  const shown = issues.slice(0, max);
  return (
    <div className="table-scroll">
      <table className="issues">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('imports.issues.severity')}</th>
            <th scope="col">{t('imports.issues.where')}</th>
            <th scope="col">{t('imports.issues.message')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((issue, i) => (
            <tr key={i} className={`issues__row issues__row--${issue.severity === 'error' ? 'error' : 'warning'}`}>
              <td>{t(issue.severity === 'error' ? 'imports.issues.error' : 'imports.issues.warning')}</td>
              <td>{where(issue, t, lang)}</td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.length > shown.length && (
        <p className="note">{t('imports.issues.more', { n: formatNumber(issues.length - shown.length, lang) })}</p>
      )}
    </div>
  );
}

function where(issue: IssueLike, t: (key: string, values?: Record<string, unknown>) => string, lang: string): string {
  const parts: string[] = [];
  if (issue.row !== undefined) parts.push(t('imports.issues.row', { row: formatNumber(issue.row, lang) }));
  // features are counted from 0 in the file; people count from 1
  if (issue.feature !== undefined) parts.push(t('imports.issues.feature', { feature: formatNumber(issue.feature + 1, lang) }));
  if (issue.field) parts.push(t('imports.issues.field', { field: issue.field }));
  return parts.join(' · ') || '—';
}
