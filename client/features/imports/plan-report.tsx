import { useId, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../lib/format';
import { IssueList } from './issue-list';
import type { ImportReport } from './api/import-queries';

export interface PlanReportProps {
  report: ImportReport;
  /** The boundary set's name, for the join summary. */
  boundarySetName?: string;
  /** The user's choice for each unmatched key: an area code, or null to leave it out. */
  matches: Record<string, string | null>;
  onMatch: (key: string, code: string | null) => void;
  onAcceptFirst: () => void;
  /** The report's heading, which takes the focus when a check completes. */
  ref?: Ref<HTMLHeadingElement>;
}

/** What an import would write: counts, the issues with their row or feature, and the join to fix. */
export function PlanReport({ report, boundarySetName, matches, onMatch, onAcceptFirst, ref }: PlanReportProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const join = report.join;
  const counts = (['areas', 'sites', 'observations', 'interventions'] as const).filter((k) => (report.toWrite[k] ?? 0) > 0 || report.kind === k);

  return (
    <section className="wizard-step report" aria-labelledby={`${id}-heading`} data-testid="plan-report">
      <h3 id={`${id}-heading`} ref={ref} tabIndex={-1}>
        {t('imports.report.heading')}
      </h3>
      <ul className="report__counts">
        <li>{t('imports.report.rowsRead', { count: report.rowsRead, n: formatNumber(report.rowsRead, lang) })}</li>
        {counts.map((k) => (
          <li key={k} data-testid={`to-write-${k}`}>
            {t(`imports.report.toWrite.${k}`, { count: report.toWrite[k] ?? 0, n: formatNumber(report.toWrite[k] ?? 0, lang) })}
          </li>
        ))}
        {report.errorCount > 0 && <li className="report__errors">{t('imports.report.errors', { count: report.errorCount, n: formatNumber(report.errorCount, lang) })}</li>}
      </ul>

      <IssueList issues={report.issues} caption={t('imports.report.issues')} />

      {join && (
        <div className="join">
          <p data-testid="join-summary">
            {t('imports.report.joined', {
              matched: formatNumber(join.keys - join.unmatched.length, lang),
              count: join.keys,
              n: formatNumber(join.keys, lang),
              set: boundarySetName ?? join.boundarySetId,
            })}
          </p>
          {join.unmatched.length > 0 && (
            <>
              <div className="join__intro">
                <p>{t('imports.report.unmatched', { count: join.unmatched.length, n: formatNumber(join.unmatched.length, lang) })}</p>
                <button type="button" onClick={onAcceptFirst}>
                  {t('imports.report.acceptFirst')}
                </button>
              </div>
              <div className="table-scroll">
                <table className="join__table">
                  <caption className="visually-hidden">{t('imports.report.unmatchedCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('imports.report.key')}</th>
                      <th scope="col">{t('imports.report.row')}</th>
                      <th scope="col">{t('imports.report.match')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {join.unmatched.map((u) => {
                      return (
                        <tr key={u.key}>
                          <th scope="row">{u.key}</th>
                          <td>{formatNumber(u.row, lang)}</td>
                          <td>
                            <select
                              value={matches[u.key] ?? ''}
                              aria-label={t('imports.report.matchFor', { key: u.key })}
                              onChange={(e) => onMatch(u.key, e.currentTarget.value || null)}
                            >
                              <option value="">{t('imports.report.leaveOut')}</option>
                              {u.suggestions.map((s) => (
                                <option key={s.code} value={s.code}>
                                  {t('imports.report.suggestion', { name: s.name, code: s.code, score: formatPercent(s.score, lang) })}
                                </option>
                              ))}
                            </select>
                            {u.reason === 'ambiguous' && <span className="note"> {t('imports.report.ambiguous')}</span>}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
