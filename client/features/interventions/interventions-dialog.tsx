import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { Field } from '../../ui/form-field';
import { useStore } from '../../lib/store';
import { useTRPC } from '../../lib/trpc';
import { readApiError } from '../../lib/api-errors';
import {
  useCancelIntervention, useCreateIntervention, useDuplicateIntervention, useInterventionList, useUpdateIntervention,
  type InterventionListItem,
} from './api/intervention-queries';
import { emptyForm, formFromRecord, problemsByField, toInput, toPatch, validateForm, type InterventionFormValues } from './intervention-form';
import { overwriteRequest, readConflict, type InterventionConflict } from './conflict';
import { NO_FILTER, toListInput, type FilterValues } from './list-filter';
import { InterventionFilters } from './interventions-filters';
import { InterventionsTable } from './interventions-table';
import { InterventionFormView } from './intervention-form-view';
import { ConflictView } from './conflict-view';
import { SummaryView } from './summary-view';
import { InterventionDetail } from './intervention-detail';
import { DrawingBar } from './drawing-bar';
import { closeInterventions, interventionsUi } from './interventions-ui-store';
import type { DrawKind } from './draw-zone';
import './interventions.css';

export interface InterventionsDialogProps {
  /** Editors and admins write; viewers and analysts read. */
  canWrite: boolean;
}

/** Where the form goes back to once saved or discarded: the view it was opened from. */
type Back = { kind: 'list' } | { kind: 'detail'; id: string };
type View =
  | { kind: 'list' }
  | { kind: 'form'; id: string | null; version: number | null; opened: InterventionFormValues; back: Back }
  | { kind: 'detail'; id: string }
  | { kind: 'summary' };
type Named = { id: string; version: number; title: string };
const LIST: Back = { kind: 'list' };

/**
 * Interventions: the table with its filters, the form (create, edit), the details (reach,
 * history; opened from the table or by a click on the map) with the same actions as a row, and
 * the conflict view when a save comes too late. A copy opens in the form; the form goes back to
 * where it was opened from. While a zone is drawn the dialog steps aside for the map and comes
 * back with the form as it was.
 */
export function InterventionsDialog({ canWrite }: InterventionsDialogProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const draft = useStore(interventionsUi, (s) => s.draft);
  const layer = useStore(interventionsUi, (s) => s.layer);
  const detailId = useStore(interventionsUi, (s) => s.detailId);
  const [view, setView] = useState<View>(() =>
    draft && canWrite ? { kind: 'form', id: null, version: null, opened: formFromRecord(draft as never), back: LIST } : detailId ? { kind: 'detail', id: detailId } : { kind: 'list' },
  );
  const [values, setValues] = useState<InterventionFormValues>(() => (draft ? formFromRecord(draft as never) : emptyForm()));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<InterventionConflict | null>(null);
  const [drawing, setDrawing] = useState<DrawKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [filter, setFilter] = useState<FilterValues>(NO_FILTER);
  const [confirmCancel, setConfirmCancel] = useState<Named | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const list = useInterventionList(toListInput(filter));
  const create = useCreateIntervention();
  const update = useUpdateIntervention();
  const duplicate = useDuplicateIntervention();
  const cancel = useCancelIntervention();

  const goBack = (back: Back, message: string | null = null) => {
    setView(back);
    setConflict(null);
    setErrors({});
    setFormError(null);
    setConfirmCancel(null);
    setNotice(message);
  };
  const toList = (message: string | null = null) => goBack(LIST, message);
  const formBack: Back = view.kind === 'form' ? view.back : LIST;
  const openForm = (record: Parameters<typeof formFromRecord>[0] & { id: string; version: number }, back: Back) => {
    const v = formFromRecord(record);
    setValues(v);
    setErrors({});
    setFormError(null);
    setConflict(null);
    setConfirmCancel(null);
    setView({ kind: 'form', id: record.id, version: record.version, opened: v, back });
  };
  const openNew = () => {
    const v = emptyForm();
    setValues(v);
    setErrors({});
    setFormError(null);
    setConflict(null);
    setView({ kind: 'form', id: null, version: null, opened: v, back: LIST });
  };
  const openEdit = async (id: string, back: Back) => {
    setBusyId(id);
    try {
      const record = await queryClient.fetchQuery({ ...trpc.interventions.get.queryOptions({ id }), staleTime: 0 });
      openForm(record, back);
    } catch (e) {
      setNotice(readApiError(e).message);
    } finally {
      setBusyId(null);
    }
  };

  const showProblem = (e: unknown) => {
    const found = readConflict(e);
    if (found) return setConflict(found);
    const problem = readApiError(e);
    setErrors(problem.fields);
    setFormError(problem.message);
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (view.kind !== 'form') return;
    setFormError(null);
    const problems = validateForm(values);
    if (problems.length) {
      setErrors(problemsByField(problems, (p) => (p.key ? t(`interventions.errors.${p.key}`) : p.message)));
      setFormError(t('interventions.form.fix'));
      return;
    }
    setErrors({});
    if (view.id === null) {
      create.mutate(toInput(values) as never, { onSuccess: (r) => toList(t('interventions.notice.created', { title: r.title })), onError: showProblem });
      return;
    }
    const patch = toPatch(view.opened, values);
    if (Object.keys(patch).length === 0) return goBack(view.back, t('interventions.notice.unchanged'));
    update.mutate({ id: view.id, version: view.version!, patch }, { onSuccess: (r) => goBack(formBack, t('interventions.notice.saved', { title: r.title, version: r.version })), onError: showProblem });
  };

  const overwrite = () => {
    if (view.kind !== 'form' || !view.id || !conflict) return;
    update.mutate(overwriteRequest(view.id, view.opened, values, conflict), {
      onSuccess: (r) => goBack(formBack, t('interventions.notice.overwritten', { title: r.title, version: r.version })),
      onError: (e) => {
        setConflict(null);
        showProblem(e);
      },
    });
  };
  const keepTheirs = () => {
    if (!conflict) return;
    goBack(formBack, t('interventions.notice.keptTheirs', { who: conflict.changedBy, title: conflict.current.title }));
  };

  // the copy, named in the user's language, opens in the form; saving it goes back to where it was made
  const doDuplicate = (item: { id: string; title: string }, back: Back) => {
    setBusyId(item.id);
    setNotice(null);
    duplicate.mutate(
      { id: item.id, title: t('interventions.copyTitle', { title: item.title }).slice(0, 300) },
      {
        onSuccess: (r) => {
          openForm(r, back);
          setNotice(t('interventions.notice.duplicated', { title: r.title }));
        },
        onError: (e) => setNotice(readApiError(e).message),
        onSettled: () => setBusyId(null),
      },
    );
  };
  const doCancel = (item: Named) => {
    setBusyId(item.id);
    cancel.mutate(
      { id: item.id, version: item.version },
      {
        onSuccess: (r) => setNotice(t('interventions.notice.cancelled', { title: r.title })),
        onError: (e) => setNotice(readConflict(e) ? t('interventions.notice.cancelConflict', { title: item.title }) : readApiError(e).message),
        onSettled: () => {
          setBusyId(null);
          setConfirmCancel(null);
        },
      },
    );
  };

  if (drawing) {
    return (
      <DrawingBar
        kind={drawing}
        onDrawn={(target) => {
          setValues((v) => ({ ...v, targets: [...v.targets, target] }));
          setDrawing(null);
        }}
        onCancel={() => setDrawing(null)}
      />
    );
  }

  const saving = create.isPending || update.isPending;
  const title =
    view.kind === 'form' ? (view.id ? t('interventions.form.editTitle') : t('interventions.form.newTitle')) : view.kind === 'detail' ? t('interventions.detailTitle') : view.kind === 'summary' ? t('interventions.summaryTitle') : t('interventions.title');

  return (
    <Dialog title={title} onClose={closeInterventions} closeLabel={t('interventions.close')} className="iv-dialog">
      {notice && (
        <p className="iv-notice" role="status" data-testid="interventions-notice">
          {notice}
        </p>
      )}
      {confirmCancel && (view.kind === 'list' || view.kind === 'detail') && (
        <CancelConfirmation item={confirmCancel} busy={busyId === confirmCancel.id} onConfirm={() => doCancel(confirmCancel)} onKeep={() => setConfirmCancel(null)} />
      )}
      {view.kind === 'list' && (
        <>
          <div className="iv-toolbar">
            {canWrite && (
              <button type="button" className="button--primary" onClick={openNew}>
                {t('interventions.actions.new')}
              </button>
            )}
            <label className="iv-toolbar__check">
              <input type="checkbox" checked={layer.visible} onChange={(e) => { const visible = e.currentTarget.checked; interventionsUi.set((s) => ({ ...s, layer: { ...s.layer, visible } })); }} />
              {t('interventions.layer.show')}
            </label>
            <Field label={t('interventions.layer.colourBy')} className="field--inline">
              {(p) => (
                <select {...p} value={layer.colourBy} onChange={(e) => { const colourBy = e.currentTarget.value as 'strategy' | 'status'; interventionsUi.set((s) => ({ ...s, layer: { ...s.layer, colourBy } })); }}>
                  <option value="strategy">{t('interventions.layer.byStrategy')}</option>
                  <option value="status">{t('interventions.layer.byStatus')}</option>
                </select>
              )}
            </Field>
            <button type="button" onClick={() => { setNotice(null); setView({ kind: 'summary' }); }}>{t('interventions.actions.summary')}</button>
            {!canWrite && <p className="note">{t('interventions.readOnly')}</p>}
          </div>
          <InterventionFilters value={filter} onChange={setFilter} />
          {list.isPending && <Loading label={t('interventions.loading')} />}
          {list.error && <p className="error-text" role="alert">{t('interventions.listError', { message: list.error.message })}</p>}
          {list.data && (
            <>
              <p className="note" aria-live="polite">{t('interventions.count', { count: list.data.length })}</p>
              {list.data.length > 0 && (
                <InterventionsTable
                  items={list.data}
                  canWrite={canWrite}
                  busyId={busyId}
                  onDetails={(id) => { setNotice(null); setView({ kind: 'detail', id }); }}
                  onEdit={(id) => { setNotice(null); void openEdit(id, LIST); }}
                  onDuplicate={(item) => doDuplicate(item, LIST)}
                  onCancel={setConfirmCancel}
                />
              )}
            </>
          )}
        </>
      )}

      {view.kind === 'summary' && (
        <>
          <div className="button-row iv-back"><button type="button" onClick={() => toList()}>{t('interventions.actions.back')}</button></div>
          <SummaryView />
        </>
      )}

      {view.kind === 'detail' && (
        <>
          <div className="button-row iv-back"><button type="button" onClick={() => toList()}>{t('interventions.actions.back')}</button></div>
          <InterventionDetail
            id={view.id}
            canWrite={canWrite}
            actions={{
              busy: busyId === view.id,
              onEdit: (id) => { setNotice(null); void openEdit(id, { kind: 'detail', id }); },
              onDuplicate: (item) => doDuplicate(item, { kind: 'detail', id: item.id }),
              onCancel: (item) => setConfirmCancel({ id: item.id, version: item.version, title: item.title }),
            }}
          />
        </>
      )}

      {view.kind === 'form' && (
        <form onSubmit={save} noValidate aria-label={title}>
          {conflict ? (
            <ConflictView conflict={conflict} opened={view.opened} mine={values} busy={update.isPending} onKeepTheirs={keepTheirs} onOverwrite={overwrite} />
          ) : (
            <>
              <InterventionFormView values={values} onChange={setValues} errors={errors} onDraw={setDrawing} />
              {formError && <p className="error-text" role="alert" data-testid="form-error">{formError}</p>}
              <div className="button-row iv-form__actions">
                <button type="submit" className="button--primary" disabled={saving}>
                  {view.id ? t('interventions.form.save') : t('interventions.form.create')}
                </button>
                <button type="button" onClick={() => goBack(view.back)} disabled={saving}>{t('interventions.form.discard')}</button>
                {saving && <Loading label={t('interventions.form.saving')} />}
              </div>
            </>
          )}
        </form>
      )}
    </Dialog>
  );
}

/** "Cancel this intervention?", asked in place; the focus goes to the confirming button (Tab reaches "Keep it"). */
function CancelConfirmation({ item, busy, onConfirm, onKeep }: { item: Named; busy: boolean; onConfirm: () => void; onKeep: () => void }) {
  const { t } = useTranslation();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), [item.id]);
  return (
    <div className="iv-confirm" role="alertdialog" aria-labelledby="iv-confirm-text">
      <p id="iv-confirm-text">{t('interventions.confirmCancel', { title: item.title })}</p>
      <div className="button-row">
        <button ref={confirm} type="button" className="button--danger" onClick={onConfirm} disabled={busy}>
          {t('interventions.actions.confirmCancel')}
        </button>
        <button type="button" onClick={onKeep}>{t('interventions.actions.keep')}</button>
      </div>
    </div>
  );
}
