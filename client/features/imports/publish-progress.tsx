import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgressBar } from '../../ui/progress-bar';
import { formatNumber, formatPercent } from '../../lib/format';
import { IssueList } from './issue-list';
import type { ImportJob } from './api/import-queries';

const PHASES = ['parsing', 'validating', 'writing'] as const;

export interface PublishProgressProps {
  job: ImportJob | undefined;
  /** The dataset's name, as the user gave it. */
  name: string;
  pollError: string | null;
  cancelling: boolean;
  onCancel: () => void;
  onBack: () => void;
  onAnother: () => void;
  onClose: () => void;
}

/** Step 6: a bar per phase with Cancel, then what was published or why it was not. */
export function PublishProgress({ job, name, pollError, cancelling, onCancel, onBack, onAnother, onClose }: PublishProgressProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const phase = job?.phase ?? 'parsing';
  const running = !job || PHASES.includes(phase as (typeof PHASES)[number]);
  const current = PHASES.indexOf(phase as (typeof PHASES)[number]);

  return (
    <section className="wizard-step" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('imports.publish.heading', { name })}</h3>
      {running && (
        <div aria-live="polite">
          {PHASES.map((p, i) => {
            const done = i < current;
            const active = i === current;
            // only writing counts its rows; parsing and validating show activity
            const value = done ? 1 : active ? (p === 'writing' ? (job?.progress ?? 0) : null) : 0;
            const text = done
              ? t('imports.publish.done')
              : active
                ? value === null
                  ? t('imports.publish.working')
                  : formatPercent(value, lang)
                : t('imports.publish.waiting');
            return <ProgressBar key={p} label={t(`imports.phases.${p}`)} value={value} valueText={text} />;
          })}
          <button type="button" className="button--danger" onClick={onCancel} disabled={cancelling}>
            {cancelling ? t('imports.publish.cancelling') : t('imports.publish.cancel')}
          </button>
        </div>
      )}
      {pollError && (
        <p className="error-text" role="alert">
          {t('imports.publish.pollError', { message: pollError })}
        </p>
      )}

      {phase === 'published' && job && (
        <div className="outcome outcome--success" role="status">
          <p className="outcome__title">{t('imports.publish.published', { name })}</p>
          {job.report && (
            <ul className="report__counts">
              {(['areas', 'sites', 'observations', 'interventions'] as const)
                .filter((k) => (job.report!.toWrite[k] ?? 0) > 0)
                .map((k) => (
                  <li key={k} data-testid={`written-${k}`}>
                    {t(`imports.publish.written.${k}`, { count: job.report!.toWrite[k] ?? 0, n: formatNumber(job.report!.toWrite[k] ?? 0, lang) })}
                  </li>
                ))}
            </ul>
          )}
          <p className="note">{t(job.report?.kind === 'interventions' ? 'imports.publish.inInterventions' : 'imports.publish.onMap')}</p>
          <div className="button-row">
            <button type="button" className="button--primary" onClick={onClose}>
              {t('imports.publish.close')}
            </button>
            <button type="button" onClick={onAnother}>
              {t('imports.publish.another')}
            </button>
          </div>
        </div>
      )}

      {(phase === 'failed' || phase === 'cancelled') && job && (
        <div className="outcome outcome--failure" role="alert">
          <p className="outcome__title">{t(phase === 'failed' ? 'imports.publish.failed' : 'imports.publish.cancelled')}</p>
          {phase === 'failed' && job.error && <p>{job.error.message}</p>}
          <IssueList issues={job.error?.issues ?? []} caption={t('imports.report.issues')} />
          <div className="button-row">
            <button type="button" onClick={onBack}>
              {t('imports.publish.back')}
            </button>
            <button type="button" onClick={onClose}>
              {t('imports.publish.close')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
