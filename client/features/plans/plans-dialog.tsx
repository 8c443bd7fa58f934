import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { Field } from '../../ui/form-field';
import { useTRPC } from '../../lib/trpc';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { formatNumber } from '../../lib/format';
import { actionAreaLabel } from '../interventions/intervention-labels';
import { useAreaPlans, useAreaSearch, useCreatePlan, useInventory, useRemovePlan, useUpdatePlan, type Plan, type PlanInventory } from './api/plan-queries';
import { emptyPlan, fieldValue, formFromPlan, mergePlan, moveUp, PLAN_FIELDS, problemsOf, rowOfDraft, rowOfIntervention, rowProblems, toCreateInput, toPatch, type PlanField, type PlanFormValues, type PlanRow } from './plan-form';
import { PlanMap } from './plan-map';
import { closePlans } from './plans-ui-store';
import './plans.css';

export interface PlansDialogProps {
  /** Editors and admins write; viewers and analysts read. */
  canWrite: boolean;
}

interface AreaRef {
  boundarySetId: string;
  code: string;
  name: string;
  setName: string;
}

interface PlanConflict {
  yourVersion: number;
  current: Plan;
  changedBy: string;
  changedAt: string;
}

/**
 * Local safety-net plans: a municipality found by name in any boundary set, its risk inventory
 * and map, its saved plans, and the plan form (rows of interventions with responsibilities, dates
 * and notes). The sheet below the controls is what prints (plans.css: A4, black and white); the
 * PDF is the server's (GET /api/plans/ID.pdf) from the same inventory.
 */
export function PlansDialog({ canWrite }: PlansDialogProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('fr') ? 'fr' : 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query, 200);
  const found = useAreaSearch(debounced);
  const [area, setArea] = useState<AreaRef | null>(null);
  const inventory = useInventory(area);
  const plans = useAreaPlans(area);
  const [open, setOpen] = useState<{ id: string | null; version: number | null }>({ id: null, version: null });
  const [values, setValues] = useState<PlanFormValues | null>(null);
  // the saved version the form was opened from: what a stale save is merged against
  const [base, setBase] = useState<PlanFormValues | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<PlanConflict | null>(null);
  const create = useCreatePlan();
  const update = useUpdatePlan();
  const removePlan = useRemovePlan();
  const saving = create.isPending || update.isPending || removePlan.isPending;

  /** Opens a saved plan in the form (or a new one when null). */
  const openPlan = (p: Plan | null, title?: string) => {
    const form = p ? formFromPlan(p) : emptyPlan(title ?? '');
    setOpen(p ? { id: p.id, version: p.version } : { id: null, version: null });
    setValues(form);
    setBase(p ? form : null);
    setConflict(null);
    setConfirmRemove(false);
  };

  // a chosen area opens its latest plan, or a new one
  useEffect(() => {
    if (!area || !plans.data || values) return;
    openPlan(plans.data[0] ?? null, t('plans.form.defaultTitle', { name: area.name }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [area, plans.data, values, t]);

  const choose = (a: AreaRef) => {
    setArea(a);
    setValues(null);
    setProblems({});
    setNotice(null);
    setConflict(null);
    setQuery('');
  };

  const edit = (patch: Partial<PlanFormValues>) => setValues((v) => (v ? { ...v, ...patch } : v));
  const editRow = (i: number, patch: Partial<PlanRow>) => setValues((v) => (v ? { ...v, rows: v.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) } : v));

  async function save(over?: { version: number }) {
    if (!area || !values) return;
    setProblems({});
    setNotice(null);
    try {
      const saved = open.id
        ? await update.mutateAsync({ id: open.id, version: over?.version ?? open.version!, patch: toPatch(values) })
        : await create.mutateAsync(toCreateInput(area, values));
      openPlan(saved);
      setNotice(t('plans.form.saved', { version: saved.version }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.plans.inventory.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.interventions.list.queryKey() }),
      ]);
    } catch (err) {
      const e = err as { message?: string; data?: { code?: string; conflict?: PlanConflict } };
      if (e.data?.code === 'CONFLICT' && e.data.conflict) setConflict(e.data.conflict);
      else setProblems(problemsOf(e.message ?? String(err)));
    }
  }

  async function remove() {
    if (!area || !open.id) return;
    setProblems({});
    setNotice(null);
    try {
      await removePlan.mutateAsync({ id: open.id, version: open.version ?? undefined });
      const title = values?.title ?? '';
      // the lists first: the form then opens the area's next plan, or a new one
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.plans.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.plans.inventory.queryKey() }),
      ]);
      setValues(null);
      setNotice(t('plans.form.removed', { title }));
    } catch (err) {
      const e = err as { message?: string; data?: { code?: string; conflict?: PlanConflict } };
      setConfirmRemove(false);
      if (e.data?.code === 'CONFLICT' && e.data.conflict) setConflict(e.data.conflict);
      else setProblems({ '': [e.message ?? String(err)] });
    }
  }

  const inv = inventory.data;
  const inPlan = new Set(values?.rows.map((r) => r.interventionId).filter(Boolean));
  const draftedCodes = new Set(values?.rows.filter((r) => r.newIntervention).map((r) => r.actionArea));
  const fmtCount = (c: { value: number | null; below?: number }) => (c.value === null ? t('plans.inventory.below', { below: c.below }) : String(c.value));

  return (
    <Dialog title={t('plans.title')} onClose={closePlans} closeLabel={t('plans.close')} className="plans-dialog">
      <div className="plans-controls no-print">
        <p className="note">{t('plans.intro')}</p>
        <Field label={t('plans.find')} hint={t('plans.findHint')}>
          {(p) => <input {...p} type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />}
        </Field>
        {query.trim() !== '' && found.data && (
          <ul className="plans-found" aria-label={t('plans.found')}>
            {found.data.length === 0 && <li className="note">{t('plans.noMatch')}</li>}
            {found.data.map((a) => (
              <li key={`${a.boundarySetId}|${a.code}`}>
                <button type="button" onClick={() => choose({ boundarySetId: a.boundarySetId, code: a.code, name: a.name, setName: a.setName })} aria-label={t('plans.choose', { name: a.name, code: a.code })}>
                  {a.name} <span className="plans-muted">({a.code}, {a.setName})</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {!canWrite && <p className="note">{t('plans.readOnly')}</p>}
        {area && plans.data && plans.data.length > 1 && (
          <div className="plans-saved">
            <h3>{t('plans.existing')}</h3>
            <ul>
              {plans.data.map((p) => (
                <li key={p.id}>
                  <button type="button" aria-pressed={open.id === p.id} onClick={() => { openPlan(p); setProblems({}); }} aria-label={t('plans.openPlan', { title: p.title })}>
                    {p.title} <span className="plans-muted">v{p.version}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {area && canWrite && open.id && (
          <button type="button" onClick={() => openPlan(null, t('plans.form.defaultTitle', { name: area.name }))}>{t('plans.newPlan')}</button>
        )}
      </div>

      {area && inventory.isPending && <Loading label={t('plans.loading')} />}
      {inventory.error && <p className="error-text" role="alert">{inventory.error.message}</p>}

      {inv && values && (
        <article className="plan-sheet" data-testid="plan-sheet">
          <header className="plan-sheet__head">
            <p className="plan-sheet__kicker">{t('plans.pdf.subtitle')}</p>
            <h3 className="plan-sheet__title">{values.title}</h3>
            <p className="plan-sheet__area" data-testid="plan-area">{t('plans.pdf.area', { name: inv.area.name, code: inv.area.code, set: inv.area.setName })}</p>
          </header>
          <PlanMap inventory={inv} />
          <Inventory inv={inv} fmtCount={fmtCount} inPlan={inPlan} drafted={draftedCodes} canWrite={canWrite}
            onAddIntervention={(iv) => edit({ rows: [...values.rows, rowOfIntervention(iv)] })}
            onAddSuggestion={(draft) => edit({ rows: [...values.rows, rowOfDraft(draft)] })} />

          <section className="plan-sheet__plan" aria-labelledby="plan-form-heading">
            <h4 id="plan-form-heading">{t('plans.form.heading')}</h4>
            {canWrite && (
              <div className="plan-form no-print">
                <Field label={t('plans.form.title')} errors={problems.title}>
                  {(p) => <input {...p} value={values.title} onChange={(e) => edit({ title: e.currentTarget.value })} />}
                </Field>
                <Field label={t('plans.form.sensitivity')}>
                  {(p) => (
                    <select {...p} value={values.sensitivity} onChange={(e) => edit({ sensitivity: e.currentTarget.value as PlanFormValues['sensitivity'] })}>
                      {(['public', 'internal', 'restricted'] as const).map((s) => <option key={s} value={s}>{t(`plans.sensitivity.${s}`)}</option>)}
                    </select>
                  )}
                </Field>
              </div>
            )}
            <table className="plan-table" data-testid="plan-table">
              <caption>{t('plans.form.items')}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('plans.form.intervention')}</th>
                  <th scope="col">{t('plans.form.responsibility')}</th>
                  <th scope="col">{t('plans.form.startDate')}</th>
                  <th scope="col">{t('plans.form.endDate')}</th>
                  <th scope="col">{t('plans.form.status')}</th>
                  <th scope="col">{t('plans.form.rowNotes')}</th>
                  {canWrite && <th scope="col" className="no-print"><span className="visually-hidden">{t('plans.form.remove')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {values.rows.length === 0 && (
                  <tr><td colSpan={canWrite ? 8 : 7} className="note">{t('plans.form.noItems')}</td></tr>
                )}
                {values.rows.map((r, i) => {
                  const rp = rowProblems(problems, i);
                  const n = i + 1;
                  const title = r.interventionId ? (r.title || t('plans.form.unknownIntervention')) : t('plans.form.newIntervention', { title: r.title });
                  const cell = (field: 'responsibility' | 'startDate' | 'endDate' | 'notes', label: string, type = 'text') =>
                    canWrite ? (
                      <>
                        <input className="no-print" type={type} value={r[field]} aria-label={`${label} (${n})`} aria-invalid={rp[field] ? true : undefined}
                          onChange={(e) => editRow(i, { [field]: e.currentTarget.value })} />
                        <span className="print-only">{r[field]}</span>
                        {rp[field] && <span className="field__error" role="alert">{rp[field].join(' ')}</span>}
                      </>
                    ) : r[field];
                  return (
                    <tr key={r.key}>
                      <td>{n}</td>
                      <td>
                        {title}
                        {r.actionArea && <span className="plans-muted"> · {actionAreaLabel(t, r.actionArea)}</span>}
                        {Object.entries(rp).filter(([k]) => !['responsibility', 'startDate', 'endDate', 'notes'].includes(k)).map(([k, v]) => <span key={k} className="field__error" role="alert">{`${k}: ${v.join(' ')}`}</span>)}
                      </td>
                      <td>{cell('responsibility', t('plans.form.responsibility'))}</td>
                      <td>{cell('startDate', t('plans.form.startDate'), 'date')}</td>
                      <td>{cell('endDate', t('plans.form.endDate'), 'date')}</td>
                      <td>{r.status ? t(`interventions.status.${r.status}`) : ''}</td>
                      <td>{cell('notes', t('plans.form.rowNotes'))}</td>
                      {canWrite && (
                        <td className="no-print plan-table__actions">
                          <button type="button" disabled={i === 0} onClick={() => edit({ rows: moveUp(values.rows, i) })} aria-label={t('plans.form.upRow', { n })}>↑</button>
                          <button type="button" onClick={() => edit({ rows: values.rows.filter((_, j) => j !== i) })} aria-label={t('plans.form.removeRow', { n })}>{t('plans.form.remove')}</button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {canWrite ? (
              <Field label={t('plans.form.notes')} className="no-print">
                {(p) => <textarea {...p} rows={3} value={values.notes} onChange={(e) => edit({ notes: e.currentTarget.value })} />}
              </Field>
            ) : null}
            {values.notes && <p className={canWrite ? 'print-only' : undefined}>{values.notes}</p>}
          </section>

          <section className="plan-sheet__sources">
            <h4>{t('plans.pdf.sources')}</h4>
            <ul>
              {inv.sources.map((s) => (
                <li key={s.id}>{t('plans.pdf.sourceLine', { name: s.name, source: s.source, licence: s.licence })}{s.dataDate ? t('plans.pdf.sourceDate', { date: s.dataDate }) : ''}</li>
              ))}
              {inv.risk && <li>{t('plans.pdf.model', { model: inv.risk.modelName })}</li>}
              <li>{t('plans.pdf.interventionSources')}</li>
            </ul>
            <p className="plans-muted">{new Date().toISOString().slice(0, 10)}{open.version ? ` · ${t('plans.form.version', { version: open.version, who: plans.data?.find((p) => p.id === open.id)?.updatedBy ?? '', when: plans.data?.find((p) => p.id === open.id)?.updatedAt.slice(0, 10) ?? '' })}` : ''}</p>
          </section>
        </article>
      )}

      {inv && values && (
        <div className="plans-actions no-print">
          {problems[''] && <p className="error-text" role="alert">{problems[''].join(' ')}</p>}
          {Object.keys(problems).some((k) => k.startsWith('items.') || k === 'title') && !problems[''] && <p className="error-text" role="alert">{Object.entries(problems).map(([k, v]) => `${k}: ${v.join(' ')}`).join('; ')}</p>}
          {conflict && base && <PlanConflictView conflict={conflict} base={base} mine={values}
            onMerge={(merged) => { const theirs = formFromPlan(conflict.current); setOpen({ id: conflict.current.id, version: conflict.current.version }); setBase(theirs); setValues(merged); setConflict(null); setNotice(t('plans.conflict.merged', { version: conflict.current.version })); }}
            onTakeTheirs={() => { openPlan(conflict.current); setNotice(null); }}
            onKeepMine={() => void save({ version: conflict.current.version })} />}
          {notice && <p className="note" role="status" data-testid="plan-notice">{notice}</p>}
          <div className="button-row">
            {canWrite && <button type="button" className="button--primary" disabled={saving} onClick={() => void save()}>{saving ? t('plans.form.saving') : t('plans.form.save')}</button>}
            <button type="button" onClick={() => window.print()}>{t('plans.form.print')}</button>
            {open.id && <a className="plans-link-button" href={`/api/plans/${encodeURIComponent(open.id)}.pdf?lang=${lang}`} download data-testid="plan-pdf-link">{t('plans.form.pdf')}</a>}
            {canWrite && open.id && !confirmRemove && <button type="button" className="button--danger" disabled={saving} onClick={() => setConfirmRemove(true)}>{t('plans.form.removePlan')}</button>}
          </div>
          {confirmRemove && (
            <div className="plans-remove" role="alertdialog" aria-labelledby="plan-remove-question">
              <p id="plan-remove-question">{t('plans.form.removeQuestion', { title: values.title })}</p>
              <div className="button-row">
                <button type="button" className="button--danger" disabled={saving} onClick={() => void remove()}>{t('plans.form.removeConfirm')}</button>
                <button type="button" onClick={() => setConfirmRemove(false)}>{t('plans.form.removeKeep')}</button>
              </div>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}

interface PlanConflictViewProps {
  conflict: PlanConflict;
  base: PlanFormValues;
  mine: PlanFormValues;
  onMerge: (merged: PlanFormValues) => void;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}

/**
 * A save refused because someone saved the plan meanwhile: each field either side changed since
 * the version the user opened, theirs beside mine (a clash marked), and three ways on: merge (their
 * changes where I changed nothing, mine elsewhere; saved once checked), take theirs, or save mine over.
 */
function PlanConflictView({ conflict, base, mine, onMerge, onTakeTheirs, onKeepMine }: PlanConflictViewProps) {
  const { t } = useTranslation();
  const theirs = formFromPlan(conflict.current);
  const merge = mergePlan(base, mine, theirs);
  const changed = PLAN_FIELDS.filter((f) => merge.fields[f] !== 'none');
  const show = (v: PlanFormValues, f: PlanField) =>
    f === 'rows'
      ? v.rows.map((r, n) => `${n + 1}. ${r.title || r.interventionId}${r.responsibility ? ` — ${r.responsibility}` : ''}${r.startDate || r.endDate ? ` (${r.startDate || '…'} – ${r.endDate || '…'})` : ''}`).join('; ') || t('plans.conflict.noRows')
      : f === 'sensitivity' ? t(`plans.sensitivity.${v.sensitivity}`) : fieldValue(v, f) || t('plans.conflict.empty');
  const unchanged = t('plans.conflict.asOpened');
  return (
    <div className="plans-conflict" role="alert" data-testid="plan-conflict">
      <h4>{t('plans.conflict.heading')}</h4>
      <p>{t('plans.form.conflict', { who: conflict.changedBy, when: conflict.changedAt.slice(0, 16).replace('T', ' '), yours: conflict.yourVersion, now: conflict.current.version })}</p>
      <table className="plans-conflict__table">
        <thead>
          <tr>
            <th scope="col">{t('plans.conflict.field')}</th>
            <th scope="col">{t('plans.conflict.mine')}</th>
            <th scope="col">{t('plans.conflict.theirs', { who: conflict.changedBy })}</th>
          </tr>
        </thead>
        <tbody>
          {changed.map((f) => (
            <tr key={f} data-field={f} className={merge.fields[f] === 'both' ? 'plans-conflict__clash' : undefined}>
              <th scope="row">{t(`plans.conflict.fields.${f}`)}</th>
              <td data-side="mine">{show(mine, f)}{merge.fields[f] === 'theirs' ? ` ${unchanged}` : ''}</td>
              <td data-side="theirs">{show(theirs, f)}{merge.fields[f] === 'mine' ? ` ${unchanged}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">{changed.some((f) => merge.fields[f] === 'both') ? t('plans.conflict.clashes') : t('plans.conflict.noClash')}</p>
      <div className="button-row">
        <button type="button" className="button--primary" onClick={() => onMerge(merge.values)}>{t('plans.conflict.merge')}</button>
        <button type="button" onClick={onTakeTheirs}>{t('plans.form.takeTheirs')}</button>
        <button type="button" onClick={onKeepMine}>{t('plans.form.keepMine')}</button>
      </div>
    </div>
  );
}

interface InventoryProps {
  inv: PlanInventory;
  fmtCount: (c: { value: number | null; below?: number }) => string;
  inPlan: Set<string | null>;
  drafted: Set<string | null>;
  canWrite: boolean;
  onAddIntervention: (iv: PlanInventory['interventions'][number]) => void;
  onAddSuggestion: (draft: PlanInventory['suggestions'][number]['draft']) => void;
}

/** The risk inventory: sites by category and listed, zones, risk score, indicators, interventions, suggestions. */
function Inventory({ inv, fmtCount, inPlan, drafted, canWrite, onAddIntervention, onAddSuggestion }: InventoryProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cat = (id: string) => (id === 'borderland' ? t('plans.map.zone') : t(`taxonomy.${id}`, { defaultValue: id }));
  return (
    <section className="plan-sheet__inventory" aria-labelledby="plan-inventory-heading">
      <h4 id="plan-inventory-heading">{t('plans.inventory.heading')}</h4>
      <div className="plan-inventory__grid">
        <div>
          <h5>{t('plans.inventory.sitesByCategory')}</h5>
          {inv.sites.byCategory.length === 0 ? <p className="note">{t('plans.inventory.noSites')}</p> : (
            <table className="plan-table plan-table--compact" data-testid="plan-categories">
              <thead><tr><th scope="col">{t('plans.inventory.category')}</th><th scope="col">{t('plans.inventory.count')}</th></tr></thead>
              <tbody>{inv.sites.byCategory.map((c) => <tr key={c.id}><td>{cat(c.id)}</td><td>{fmtCount(c)}</td></tr>)}</tbody>
            </table>
          )}
          {inv.sites.generalised && <p className="plans-muted">{t('plans.inventory.generalised', inv.sites.generalised)}</p>}
        </div>
        <div>
          <h5>{t('plans.inventory.zones')}</h5>
          <p data-testid="plan-borderland">{inv.borderland ? t('plans.inventory.borderland', { km: inv.borderland.radiusKm, share: `${(inv.borderland.share * 100).toFixed(1)} %` }) : t('plans.inventory.noBorderland')}</p>
          <h5>{t('plans.inventory.risk')}</h5>
          <p data-testid="plan-risk">{inv.risk
            ? t('plans.inventory.riskValue', { score: inv.risk.score.toFixed(1), class: inv.risk.class ?? '—', rank: inv.risk.rank ?? '—', of: inv.risk.of, model: inv.risk.modelName, reliability: `${Math.round(inv.risk.reliability * 100)} %` })
            : t('plans.inventory.noRisk')}</p>
          <h5>{t('plans.inventory.indicators')}</h5>
          {inv.indicators.length === 0 ? <p className="note">{t('plans.inventory.noIndicators')}</p> : (
            <table className="plan-table plan-table--compact">
              <thead><tr><th scope="col">{t('plans.inventory.indicator')}</th><th scope="col">{t('plans.inventory.period')}</th><th scope="col">{t('plans.inventory.value')}</th></tr></thead>
              <tbody>{inv.indicators.map((i) => <tr key={`${i.name}|${i.source}`}><td>{i.name}</td><td>{i.period}</td><td>{Number(i.value.toPrecision(6))}{i.unit ? ` ${i.unit}` : ''}</td></tr>)}</tbody>
            </table>
          )}
        </div>
      </div>

      <h5>{t('plans.inventory.interventions')}</h5>
      {inv.interventions.length === 0 ? <p className="note">{t('plans.inventory.noInterventions')}</p> : (
        <ul className="plan-list" data-testid="plan-interventions">
          {inv.interventions.map((iv) => (
            <li key={iv.id}>
              <span>{iv.title} <span className="plans-muted">· {actionAreaLabel(t, iv.actionArea)} · {t(`interventions.status.${iv.status}`)}</span></span>
              {canWrite && (inPlan.has(iv.id)
                ? <span className="plans-muted no-print">{t('plans.inventory.inPlan')}</span>
                : <button type="button" className="no-print" onClick={() => onAddIntervention(iv)} aria-label={t('plans.inventory.addIntervention', { title: iv.title })}>+</button>)}
            </li>
          ))}
        </ul>
      )}
      <h5>{t('plans.inventory.suggestions')}</h5>
      {inv.suggestions.length === 0 ? <p className="note">{t('plans.inventory.noSuggestions')}</p> : (
        <ul className="plan-list" data-testid="plan-suggestions">
          {inv.suggestions.map((s) => (
            <li key={s.code}>
              <span>{actionAreaLabel(t, s.code)} <span className="plans-muted">· {s.because.map((b) => cat(b.id)).join(', ')}</span></span>
              {canWrite && (drafted.has(s.code)
                ? <span className="plans-muted no-print">{t('plans.inventory.inPlan')}</span>
                : <button type="button" className="no-print" onClick={() => onAddSuggestion(s.draft)} aria-label={t('plans.inventory.addSuggestion', { code: s.code, title: actionAreaLabel(t, s.code) })}>+</button>)}
            </li>
          ))}
        </ul>
      )}
      {inv.sites.list.length > 0 && (
        <details className="plan-sites" open>
          <summary>{t('plans.inventory.siteList')} ({inv.sites.listed})</summary>
          <table className="plan-table plan-table--compact" data-testid="plan-site-list">
            <thead><tr><th scope="col">{t('plans.inventory.name')}</th><th scope="col">{t('plans.inventory.category')}</th><th scope="col">{t('plans.inventory.source')}</th></tr></thead>
            <tbody>
              {inv.sites.list.map((s, i) => (
                <tr key={i}>
                  <td>{s.cell ? (s.count === null || s.count === undefined ? t('plans.inventory.unnamedBelow', { count: s.below, n: formatNumber(s.below ?? NaN, lang) }) : t('plans.inventory.unnamed', { count: s.count, n: formatNumber(s.count, lang) })) : s.name}</td>
                  <td>{cat(s.category)}</td>
                  <td>{s.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {inv.sites.listTruncated && <p className="plans-muted">{t('plans.inventory.truncated', { count: inv.sites.listed, n: formatNumber(inv.sites.listed, lang) })}</p>}
        </details>
      )}
    </section>
  );
}
