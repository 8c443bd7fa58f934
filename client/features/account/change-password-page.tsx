import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { Field } from '../../ui/form-field';
import { useTRPC } from '../../lib/trpc';
import type { Me } from './session-api';
import './account.css';

export interface ChangePasswordProps {
  me: Me;
  /** The password was changed (a one-time one: the atlas opens). */
  onChanged: () => void;
  /** Shown as a dialog's content (the atlas's account menu) rather than a page. */
  embedded?: boolean;
  onSignOut?: () => void;
}

/** Choose a new password: required after signing in with a one-time password, possible any time. */
export function ChangePasswordForm({ me, onChanged, embedded = false, onSignOut }: ChangePasswordProps) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useMutation(trpc.account.changePassword.mutationOptions({ onSuccess: onChanged }));
  const mismatch = repeat.length > 0 && next !== repeat;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return;
    change.mutate({ current, next });
  };

  const form = (
    <form className="account-card" onSubmit={submit} aria-labelledby="password-heading" noValidate>
      <h2 id="password-heading">{t('account.changePassword')}</h2>
      {me.mustChangePassword && <p className="note">{t('account.mustChange', { email: me.email })}</p>}
      <Field label={me.mustChangePassword ? t('account.oneTimePassword') : t('account.currentPassword')}>
        {(control) => <input {...control} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label={t('account.newPassword')} hint={t('account.passwordHint')}>
        {(control) => <input {...control} type="password" autoComplete="new-password" minLength={10} value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label={t('account.repeatPassword')} errors={mismatch ? [t('account.passwordsDiffer')] : undefined}>
        {(control) => <input {...control} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
      </Field>
      {change.error && (
        <p className="error-text" role="alert">
          {change.error.message}
        </p>
      )}
      {change.isSuccess && embedded && <p role="status">{t('account.passwordChanged')}</p>}
      <div className="account-card__actions">
        <button type="submit" className="button--primary" disabled={change.isPending || !current || !next || next !== repeat}>
          {t('account.savePassword')}
        </button>
        {onSignOut && (
          <button type="button" onClick={onSignOut}>
            {t('account.signOut')}
          </button>
        )}
      </div>
    </form>
  );
  return embedded ? form : <main className="account-page">{form}</main>;
}
