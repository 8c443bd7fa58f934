import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/dialog';
import { Loading } from '../../ui/loading';
import { errorCode } from '../../lib/trpc';
import { readApiError } from '../../lib/api-errors';
import { useSavedViews, useViewMutations, type SavedView } from './api/view-queries';

export interface SavedViewsDialogProps {
  /** The current view's query string, normalised (client/lib/url-view.ts), with its leading '?'. */
  currentQuery: () => string;
  /** Opens a saved view's query string (checked again as a link is). */
  onOpen: (query: string) => void;
  /** Analysts, editors and admins save, rename and delete. */
  canWrite: boolean;
  onClose: () => void;
}

/** "Saved views": the organisation's named views of the map, the link of each, and saving the current one. */
export function SavedViewsDialog({ currentQuery, onOpen, canWrite, onClose }: SavedViewsDialogProps) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const { create } = useViewMutations();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const nameId = useId();
  const linkId = useId();
  const currentLink = `${location.origin}/${currentQuery()}`;

  const save = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!name.trim()) return setProblem(t('views.nameMissing'));
    create.mutate(
      { name, query: currentQuery() },
      {
        onSuccess: () => setName(''),
        onError: (err) => setProblem(errorCode(err) === 'CONFLICT' ? t('views.nameTaken', { name: name.trim() }) : t('views.failed', { message: readApiError(err).message })),
      },
    );
  };

  return (
    <Dialog title={t('views.heading')} onClose={onClose} closeLabel={t('views.close')} className="saved-views">
      <div className="field">
        <label htmlFor={linkId} className="field__label">
          {t('views.currentLink')}
        </label>
        <input id={linkId} type="text" readOnly value={currentLink} onFocus={(e) => e.currentTarget.select()} />
      </div>
      {canWrite ? (
        <form className="saved-views__save" onSubmit={save}>
          <label htmlFor={nameId} className="field__label">
            {t('views.saveAs')}
          </label>
          <div className="saved-views__row">
            <input id={nameId} type="text" value={name} maxLength={120} aria-invalid={!!problem || undefined} aria-describedby={problem ? `${nameId}-error` : undefined} onChange={(e) => setName(e.currentTarget.value)} />
            <button type="submit" className="button--primary" disabled={create.isPending}>
              {t('views.save')}
            </button>
          </div>
          {problem && (
            <p id={`${nameId}-error`} className="error-text" role="alert">
              {problem}
            </p>
          )}
        </form>
      ) : (
        <p className="note">{t('views.readOnly')}</p>
      )}

      <h3 className="saved-views__heading">{t('views.listHeading')}</h3>
      {views.isPending && <Loading label={t('views.loading')} />}
      {views.error && (
        <p className="error-text" role="alert">
          {t('views.failed', { message: views.error.message })}
        </p>
      )}
      {views.data && views.data.length === 0 && <p className="note">{t('views.none')}</p>}
      {views.data && views.data.length > 0 && (
        <ul className="saved-views__list" aria-label={t('views.listHeading')}>
          {views.data.map((v) => (
            <ViewItem key={v.id} view={v} canWrite={canWrite} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </Dialog>
  );
}

function ViewItem({ view, canWrite, onOpen }: { view: SavedView; canWrite: boolean; onOpen: (query: string) => void }) {
  const { t, i18n } = useTranslation();
  const { rename, remove } = useViewMutations();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(view.name);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const fail = (err: unknown) => setProblem(errorCode(err) === 'CONFLICT' ? t('views.nameTaken', { name: name.trim() }) : t('views.failed', { message: readApiError(err).message }));
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(view.updatedAt));

  return (
    <li className="saved-views__item" data-testid={`saved-view-${view.id}`}>
      {editing ? (
        <form
          className="saved-views__row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return setProblem(t('views.nameMissing'));
            rename.mutate({ id: view.id, name }, { onSuccess: () => setEditing(false), onError: fail });
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            {t('views.newName', { name: view.name })}
          </label>
          <input id={inputId} type="text" value={name} maxLength={120} autoFocus onChange={(e) => setName(e.currentTarget.value)} />
          <button type="submit">{t('views.saveName')}</button>
          <button type="button" onClick={() => { setEditing(false); setName(view.name); setProblem(null); }}>
            {t('views.cancel')}
          </button>
        </form>
      ) : (
        <div className="saved-views__row">
          <span className="saved-views__name">{view.name}</span>
          {view.sensitivity === 'restricted' && <span className="badge badge--restricted">{t('views.restricted')}</span>}
          <button type="button" className="button--primary" aria-label={t('views.openNamed', { name: view.name })} onClick={() => onOpen(`?${view.query}`)}>
            {t('views.open')}
          </button>
        </div>
      )}
      <p className="saved-views__meta">
        {t('views.meta', { who: view.updatedBy, date: when })} ·{' '}
        <a href={`/?${view.query}`} aria-label={t('views.linkNamed', { name: view.name })}>
          {t('views.link')}
        </a>
      </p>
      {canWrite && !editing && (
        <div className="saved-views__row">
          <button type="button" aria-label={t('views.renameNamed', { name: view.name })} onClick={() => setEditing(true)}>
            {t('views.rename')}
          </button>
          <button type="button" aria-label={t('views.deleteNamed', { name: view.name })} disabled={remove.isPending} onClick={() => remove.mutate({ id: view.id }, { onError: fail })}>
            {t('views.delete')}
          </button>
        </div>
      )}
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}
