import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchMe, signOut, SIGNED_OUT_EVENT } from '../features/account/session-api';
import { AccountContext } from '../features/account/account-context';
import { SignInPage } from '../features/account/sign-in-page';
import { ChangePasswordForm } from '../features/account/change-password-page';
import { Loading } from '../ui/loading';
import { initI18n, pickLanguage } from '../lib/i18n';
import { LANGUAGES, type Language } from '../lib/url-view';

const ME_KEY = ['account', 'me'] as const;

function languageOfLink(): Language | null {
  const lang = new URLSearchParams(location.search).get('lang');
  return (LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as Language) : null;
}

/**
 * Nothing of the atlas loads before the server knows who asks: the sign-in page, then (after a
 * one-time password) the password page, then the atlas with the user in AccountContext. A 401
 * from any call later (the session ended) brings the sign-in page back.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  useState(() => initI18n(pickLanguage(languageOfLink())));
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: 1 });
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: ME_KEY }), [queryClient]);
  const end = useCallback(() => {
    // the atlas unmounts; nothing of the last user's data stays in memory for the next
    queryClient.setQueryData(ME_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  }, [queryClient]);
  // the atlas unmounts first (no request of it goes out without a session and fails), then the
  // session ends, then the sign-in page shows (a new sign-in cannot race the old cookie's removal)
  const [signingOut, setSigningOut] = useState(false);
  const doSignOut = useCallback(() => setSigningOut(true), []);
  useEffect(() => {
    if (!signingOut) return;
    // after the commit that unmounted the atlas
    const done = () => {
      end();
      setSigningOut(false);
    };
    signOut().then(done, done);
  }, [signingOut, end]);

  useEffect(() => {
    const onSignedOut = () => end();
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, [end]);

  const account = useMemo(() => (me.data ? { me: me.data, signOut: doSignOut, refresh } : null), [me.data, doSignOut, refresh]);

  if (signingOut) return <Loading label={t('account.signingOut')} />;
  if (me.isPending) return <Loading label={t('account.checking')} />;
  if (me.error) {
    return (
      <main className="account-page">
        <p className="error-text" role="alert">
          {t('account.serverError', { message: me.error.message })}
        </p>
      </main>
    );
  }
  if (!account) return <SignInPage onSignedIn={refresh} />;
  if (account.me.mustChangePassword) return <ChangePasswordForm me={account.me} onChanged={refresh} onSignOut={doSignOut} />;
  return <AccountContext.Provider value={account}>{children}</AccountContext.Provider>;
}
