import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/form-field';
import { LanguageSelect } from '../../ui/language-select';
import { LANGUAGES, type Language } from '../../lib/url-view';
import { setLanguage } from '../../lib/i18n';
import { signIn, AuthError } from './session-api';
import './account.css';

export interface SignInPageProps {
  /** Signed in: the gate reads the user again. */
  onSignedIn: () => void;
}

/** The sign-in page: e-mail and password, the server's message when it refuses, EN/FR. */
export function SignInPage({ onSignedIn }: SignInPageProps) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      setPassword('');
      onSignedIn();
    } catch (err) {
      setError(err instanceof AuthError ? err.message : t('account.signInFailed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="account-page">
      <div className="account-page__bar">
        <LanguageSelect
          label={t('language.label')}
          value={i18n.language as Language}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          onChange={(l) => void setLanguage(l)}
        />
      </div>
      <form className="account-card" onSubmit={submit} aria-labelledby="sign-in-heading" noValidate>
        <h1 id="sign-in-heading">{t('app.title')}</h1>
        <p className="note">{t('account.signInIntro')}</p>
        <Field label={t('account.email')}>
          {(control) => <input {...control} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('account.password')}>
          {(control) => <input {...control} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button--primary" disabled={busy || !email || !password}>
          {busy ? t('account.signingIn') : t('account.signIn')}
        </button>
      </form>
    </main>
  );
}
