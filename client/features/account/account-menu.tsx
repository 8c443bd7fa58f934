import { useTranslation } from 'react-i18next';
import { useAccount } from './account-context';
import './account.css';

export interface AccountMenuProps {
  /** Opens the administration dialog (admins only). */
  onAdmin: () => void;
  onPassword: () => void;
}

/** Who is signed in, for which organisation and role; password, administration, sign-out. */
export function AccountMenu({ onAdmin, onPassword }: AccountMenuProps) {
  const { t } = useTranslation();
  const { me, signOut } = useAccount();
  const org = me.organisations.find((o) => o.id === me.orgId);
  return (
    <div className="account-menu" role="group" aria-label={t('account.menu')}>
      <span className="account-menu__who" title={me.email} data-testid="account-who">
        {t('account.who', { email: me.email, org: org?.name ?? me.orgId, role: t(`account.roles.${me.role}`) })}
      </span>
      {me.role === 'admin' && (
        <button type="button" onClick={onAdmin}>
          {t('account.admin')}
        </button>
      )}
      <button type="button" onClick={onPassword}>
        {t('account.changePassword')}
      </button>
      <button type="button" onClick={signOut}>
        {t('account.signOut')}
      </button>
    </div>
  );
}
