import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { readApiError, type ApiProblem } from '../../lib/api-errors';
import { FilePicker } from './file-picker';
import { FilePreview } from './file-preview';
import { ImportFields } from './import-fields';
import { ProvenanceFields } from './provenance-fields';
import { PlanReport } from './plan-report';
import { PublishProgress } from './publish-progress';
import { IssueList } from './issue-list';
import { initialForm, toImportRequest, type DatasetKind, type ImportForm } from './import-form';
import { uploadFile, type Upload } from './api/upload-file';
import {
  isFinished,
  useBoundarySets,
  useCancelImport,
  useImportJob,
  useInspection,
  usePlanImport,
  useRefreshAfterPublish,
  useStartImport,
  type ImportReport,
} from './api/import-queries';

export interface ImportWizardProps {
  onClose: () => void;
  /** A dataset was published: the shell shows its layer. */
  onPublished: (datasetId: string, kind: DatasetKind) => void;
}

const DATA_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * The import wizard: pick or drop a file → upload → preview → choose kind, columns and
 * provenance → check (a dry run with its report and join) → publish, with progress and cancel.
 */
export function ImportWizard({ onClose, onPublished }: ImportWizardProps) {
  const { t } = useTranslation();
  const [upload, setUpload] = useState<Upload | null>(null);
  const [uploading, setUploading] = useState<{ name: string; share: number } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const uploadAbort = useRef<AbortController | null>(null);
  const [encoding, setEncoding] = useState('');
  const inspection = useInspection(upload?.id ?? null, encoding);

  const [form, setForm] = useState<ImportForm | null>(null);
  const [formFor, setFormFor] = useState<string | null>(null);
  // the server's proposals fill the form once per uploaded file
  if (inspection.data && formFor !== inspection.data.upload.id) {
    setFormFor(inspection.data.upload.id);
    setForm(initialForm(inspection.data));
  }
  const boundarySets = useBoundarySets(form?.kind === 'observations' || form?.kind === 'interventions');

  const plan = usePlanImport();
  const [report, setReport] = useState<{ report: ImportReport; for: string } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [matches, setMatches] = useState<Record<string, string | null>>({});
  const [clientErrors, setClientErrors] = useState<Record<string, string[]>>({});
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const start = useStartImport();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useImportJob(jobId);
  const cancel = useCancelImport();
  const refresh = useRefreshAfterPublish();
  const announced = useRef<string | null>(null);

  useEffect(() => () => uploadAbort.current?.abort(), []);

  // a published dataset goes into the catalogue and onto the map, once
  useEffect(() => {
    const data = job.data;
    if (data?.phase !== 'published' || announced.current === data.id) return;
    announced.current = data.id;
    // a 3W sheet publishes interventions, not a dataset: the lists catch up, nothing goes on the map
    void refresh().then(() => data.datasetId && onPublished(data.datasetId, form?.kind ?? 'sites'));
  }, [job.data, refresh, onPublished, form?.kind]);

  const requestKey = form ? JSON.stringify(toImportRequest(form)) : '';
  const reportIsCurrent = !!report && report.for === requestKey;

  async function pickFile(file: File) {
    uploadAbort.current?.abort();
    const abort = new AbortController();
    uploadAbort.current = abort;
    setUploadError(null);
    setUploading({ name: file.name, share: 0 });
    try {
      const saved = await uploadFile(file, { signal: abort.signal, onProgress: (share) => setUploading({ name: file.name, share }) });
      resetAfterUpload();
      setUpload(saved);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setUploadError(t('imports.file.uploadError', { message: (err as Error).message }));
    } finally {
      if (uploadAbort.current === abort) setUploading(null);
    }
  }

  function resetAfterUpload() {
    setEncoding('');
    setForm(null);
    setFormFor(null);
    setReport(null);
    setProblem(null);
    setMatches({});
    setClientErrors({});
    setJobId(null);
    announced.current = null;
  }

  function startOver() {
    resetAfterUpload();
    setUpload(null);
  }

  function change(patch: Partial<ImportForm>) {
    setForm((f) => (f ? { ...f, ...patch } : f));
    // an edited field's messages go; the others stay until the next check
    setClientErrors((e) => withoutKeys(e, Object.keys(patch)));
    setProblem((p) => (p ? { ...p, fields: withoutKeys(p.fields, Object.keys(patch)) } : p));
  }

  // what the server would refuse anyway, said here in the user's language and beside the field
  function validate(f: ImportForm): Record<string, string[]> {
    const errors: Record<string, string[]> = {};
    const column = [t('imports.validation.column')];
    if (!f.name.trim()) errors.name = [t('imports.provenance.nameRequired')];
    if (f.dataDate.trim() && !DATA_DATE.test(f.dataDate.trim())) errors.dataDate = [t('imports.provenance.dataDateInvalid')];
    if (f.kind === 'boundaries' && !f.codeField) errors.codeField = column;
    if (f.kind === 'sites' && f.categoryMode === 'fixed' && !f.category) errors.category = [t('imports.validation.category')];
    if (f.kind === 'sites' && f.categoryMode === 'column' && !f.categoryField) errors.categoryField = column;
    if (f.kind === 'interventions') {
      if (!f.areaField) errors.areaField = column;
      if (!f.activityField) errors.activityField = column;
      if (!f.joinTo) errors.joinTo = [t('imports.validation.boundarySet')];
    }
    if (f.kind === 'observations') {
      if (!f.areaField) errors.areaField = column;
      if (!f.joinTo) errors.joinTo = [t('imports.validation.boundarySet')];
      if (f.layout === 'long' && !f.valueField) errors.valueField = column;
      if (f.layout === 'long' && f.periodMode === 'column' && !f.periodField) errors.periodField = column;
      if (f.indicatorMode === 'column' && !f.indicatorField) errors.indicatorField = column;
    }
    return errors;
  }

  function check() {
    if (!form || !upload) return;
    const errors = validate(form);
    setClientErrors(errors);
    if (Object.keys(errors).length) {
      // take the keyboard to the first field to fix
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const key = requestKey;
    plan.mutate(
      { uploadId: upload.id, request: toImportRequest(form) },
      {
        onSuccess: (result) => {
          setProblem(null);
          setReport({ report: result, for: key });
          // keep the choices already made for keys that are still unmatched
          setMatches((previous) => Object.fromEntries((result.join?.unmatched ?? []).map((u) => [u.key, previous[u.key] ?? null])));
          requestAnimationFrame(() => reportHeading.current?.focus());
        },
        onError: (error) => {
          setReport(null);
          setProblem(readApiError(error, 'request'));
          requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .outcome--failure')?.focus());
        },
      },
    );
  }

  function publish() {
    if (!form || !upload || !reportIsCurrent) return;
    start.mutate(
      { uploadId: upload.id, request: toImportRequest(form, matches) },
      {
        onSuccess: ({ jobId: id }) => setJobId(id),
        onError: (error) => setProblem(readApiError(error, 'request')),
      },
    );
  }

  function close() {
    uploadAbort.current?.abort();
    // a job left running still publishes: let the lists catch up with it
    if (jobId && !isFinished(job.data)) void refresh();
    onClose();
  }

  const errors = { ...(problem?.fields ?? {}), ...clientErrors };
  const boundarySetName = report?.report.join ? boundarySets.data?.find((b) => b.id === report.report.join!.boundarySetId)?.name : undefined;

  return (
    <Dialog title={t('imports.title')} onClose={close} closeLabel={t('imports.close')} className="wizard">
      {!upload && <FilePicker onFile={pickFile} uploading={uploading} error={uploadError} />}

      {upload && !inspection.data && (
        <section className="wizard-step">
          {inspection.isPending && <Loading label={t('imports.preview.reading', { name: upload.name })} />}
          {inspection.error && (
            <InspectError error={inspection.error} name={upload.name} />
          )}
          <button type="button" onClick={startOver}>
            {t('imports.file.another')}
          </button>
        </section>
      )}

      {upload && inspection.data && form && !jobId && (
        <form
          ref={formRef}
          className="wizard__form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            check();
          }}
        >
          <div className="wizard__file">
            <span>{t('imports.file.chosen', { name: upload.name })}</span>
            <button type="button" onClick={startOver}>
              {t('imports.file.another')}
            </button>
          </div>
          <FilePreview
            inspection={inspection.data}
            encoding={encoding}
            onEncodingChange={(value) => {
              setEncoding(value);
              change({ encoding: value });
            }}
            updating={inspection.isFetching}
          />
          <ImportFields form={form} onChange={change} inspection={inspection.data} boundarySets={boundarySets.data} errors={errors} />
          <ProvenanceFields form={form} onChange={change} errors={errors} />

          {problem && (
            <div className="outcome outcome--failure" role="alert" tabIndex={-1}>
              <p className="outcome__title">{t('imports.report.failed')}</p>
              <p>{problem.message}</p>
              <IssueList issues={problem.issues} caption={t('imports.report.issues')} />
            </div>
          )}
          {report && (
            <>
              <PlanReport
                ref={reportHeading}
                report={report.report}
                boundarySetName={boundarySetName}
                matches={matches}
                onMatch={(key, code) => setMatches((m) => ({ ...m, [key]: code }))}
                onAcceptFirst={() =>
                  setMatches((m) => ({
                    ...m,
                    ...Object.fromEntries(
                      (report.report.join?.unmatched ?? []).filter((u) => u.suggestions.length).map((u) => [u.key, u.suggestions[0].code]),
                    ),
                  }))
                }
              />
              {!reportIsCurrent && (
                <p className="note" role="status">
                  {t('imports.report.stale')}
                </p>
              )}
            </>
          )}

          <div className="wizard__actions">
            <button type="submit" disabled={plan.isPending}>
              {plan.isPending ? t('imports.actions.checking') : t('imports.actions.check')}
            </button>
            <button type="button" className="button--primary" disabled={!reportIsCurrent || start.isPending} onClick={publish} aria-describedby="wizard-publish-hint">
              {t('imports.actions.publish')}
            </button>
            <span id="wizard-publish-hint" className="note">
              {reportIsCurrent ? t('imports.actions.publishReady') : t('imports.actions.publishHint')}
            </span>
          </div>
        </form>
      )}

      {jobId && form && (
        <PublishProgress
          job={job.data}
          name={form.name}
          pollError={job.error ? job.error.message : null}
          cancelling={cancel.isPending || (cancel.isSuccess && !isFinished(job.data))}
          onCancel={() => cancel.mutate({ jobId })}
          onBack={() => {
            setJobId(null);
            cancel.reset();
          }}
          onAnother={startOver}
          onClose={close}
        />
      )}
    </Dialog>
  );
}

function InspectError({ error, name }: { error: unknown; name: string }) {
  const { t } = useTranslation();
  const problem = readApiError(error);
  return (
    <div className="outcome outcome--failure" role="alert">
      <p className="outcome__title">{t('imports.preview.failed', { name })}</p>
      <p>{problem.message}</p>
      <IssueList issues={problem.issues} caption={t('imports.report.issues')} />
    </div>
  );
}

function withoutKeys<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  if (!keys.some((k) => k in record)) return record;
  const next = { ...record };
  for (const k of keys) delete next[k];
  return next;
}
