import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../ui/dialog';
import { Field } from '../../ui/form-field';
import { Loading } from '../../ui/loading';
import { useTRPC } from '../../lib/trpc';
import { useAccount } from '../account/account-context';
import './admin.css';

const ROLES = ['viewer', 'analyst', 'editor', 'admin'] as const;
type Role = (typeof ROLES)[number];

export interface AdminDialogProps {
  onClose: () => void;
}

/** An organisation's administration: members and roles, invitations, the small-count rule, the audit log. */
export function AdminDialog({ onClose }: AdminDialogProps) {
  const { t } = useTranslation();
  const { me } = useAccount();
  const org = me.organisations.find((o) => o.id === me.orgId);
  return (
    <Dialog title={t('admin.title', { org: org?.name ?? me.orgId })} onClose={onClose} closeLabel={t('admin.close')} className="admin">
      <Members />
      <Invite />
      <Settings />
      <AuditLog />
    </Dialog>
  );
}

function Members() {
  const { t } = useTranslation();
  const { me } = useAccount();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.users.members.queryOptions());
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.users.members.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() })]);
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSettled: invalidate }));
  const remove = useMutation(trpc.users.remove.mutationOptions({ onSettled: invalidate }));
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({ onSettled: invalidate }));
  const [resetFor, setResetFor] = useState<string | null>(null);
  const error = setRole.error ?? remove.error ?? reset.error;
  return (
    <section aria-labelledby="admin-members">
      <h3 id="admin-members">{t('admin.members')}</h3>
      {members.isPending && <Loading label={t('admin.loading')} />}
      {error && (
        <p className="error-text" role="alert">
          {error.message}
        </p>
      )}
      {reset.data && resetFor && (
        <p role="status" className="admin__secret" data-testid="reset-password">
          {t('admin.resetDone', { email: resetFor })} <code>{reset.data.oneTimePassword}</code>
        </p>
      )}
      {members.data && (
        <div className="table-scroll">
          <table data-testid="members-table">
            <caption className="visually-hidden">{t('admin.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.id} data-email={m.email}>
                  <th scope="row">{m.email}</th>
                  <td>{m.name}</td>
                  <td>
                    <select
                      aria-label={t('admin.roleOf', { email: m.email })}
                      value={m.role}
                      disabled={setRole.isPending}
                      onChange={(e) => setRole.mutate({ userId: m.id, role: e.currentTarget.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`account.roles.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{[m.mustChangePassword ? t('admin.mustChange') : '', m.locked ? t('admin.locked') : ''].filter(Boolean).join(', ')}</td>
                  <td className="admin__actions">
                    <button
                      type="button"
                      onClick={() => {
                        setResetFor(m.email);
                        reset.mutate({ userId: m.id });
                      }}
                    >
                      {t('admin.reset')}
                    </button>
                    {m.id !== me.id && (
                      <button type="button" onClick={() => window.confirm(t('admin.removeConfirm', { email: m.email })) && remove.mutate({ userId: m.id })}>
                        {t('admin.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Invite() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      onSuccess: () => {
        setEmail('');
        setName('');
        return Promise.all([queryClient.invalidateQueries({ queryKey: trpc.users.members.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() })]);
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email, name: name || undefined, role });
  };
  return (
    <section aria-labelledby="admin-invite">
      <h3 id="admin-invite">{t('admin.invite')}</h3>
      <form className="admin__form" onSubmit={submit} noValidate>
        <Field label={t('admin.email')}>{(c) => <input {...c} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <Field label={t('admin.name')}>{(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label={t('admin.role')}>
          {(c) => (
            <select {...c} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`account.roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button--primary" disabled={!email || invite.isPending}>
          {t('admin.inviteSubmit')}
        </button>
      </form>
      {invite.error && (
        <p className="error-text" role="alert">
          {invite.error.message}
        </p>
      )}
      {invite.data && (
        <p role="status" className="admin__secret" data-testid="invite-result">
          {invite.data.oneTimePassword ? (
            <>
              {t('admin.invited', { email: invite.data.email })} <code>{invite.data.oneTimePassword}</code>
            </>
          ) : (
            t('admin.added', { email: invite.data.email })
          )}
        </p>
      )}
    </section>
  );
}

function Settings() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.users.settings.queryOptions());
  const [k, setK] = useState<string>('');
  const save = useMutation(
    trpc.users.setSuppressionK.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.users.settings.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.audit.list.pathKey() })]),
    }),
  );
  if (!settings.data) return null;
  const value = k === '' ? String(settings.data.suppressionK) : k;
  return (
    <section aria-labelledby="admin-settings">
      <h3 id="admin-settings">{t('admin.safeguarding')}</h3>
      <form
        className="admin__form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ k: Number(value) });
        }}
      >
        <Field label={t('admin.suppressionK')} hint={t('admin.suppressionHint', { min: settings.data.minSuppressionK })}>
          {(c) => <input {...c} type="number" min={settings.data.minSuppressionK} max={100} step={1} value={value} onChange={(e) => setK(e.target.value)} />}
        </Field>
        <button type="submit" disabled={save.isPending}>
          {t('admin.save')}
        </button>
      </form>
      {save.error && (
        <p className="error-text" role="alert">
          {save.error.message}
        </p>
      )}
    </section>
  );
}

function AuditLog() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const [action, setAction] = useState('');
  const [email, setEmail] = useState('');
  const filter = { action: action || undefined, email: email || undefined, limit: 200 };
  const audit = useQuery(trpc.audit.list.queryOptions(filter));
  const csv = `/api/audit.csv?${new URLSearchParams(Object.entries({ action, email }).filter(([, v]) => v)).toString()}`;
  return (
    <section aria-labelledby="admin-audit">
      <h3 id="admin-audit">{t('admin.audit')}</h3>
      <div className="admin__form">
        <Field label={t('admin.auditAction')} hint={t('admin.auditActionHint')}>
          {(c) => <input {...c} value={action} onChange={(e) => setAction(e.target.value)} />}
        </Field>
        <Field label={t('admin.email')}>{(c) => <input {...c} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}</Field>
        <a className="button" href={csv} download="audit.csv">
          {t('admin.auditCsv')}
        </a>
      </div>
      {audit.isPending && <Loading label={t('admin.loading')} />}
      {audit.error && (
        <p className="error-text" role="alert">
          {audit.error.message}
        </p>
      )}
      {audit.data && (
        <div className="table-scroll admin__audit">
          <table data-testid="audit-table">
            <caption className="visually-hidden">{t('admin.audit')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.when')}</th>
                <th scope="col">{t('admin.who')}</th>
                <th scope="col">{t('admin.what')}</th>
                <th scope="col">{t('admin.target')}</th>
                <th scope="col">{t('admin.from')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{new Date(e.at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td>{e.email}</td>
                  <td>{e.action}</td>
                  <td>{e.target}</td>
                  <td>{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {audit.data.length === 0 && <p className="note">{t('admin.auditEmpty')}</p>}
        </div>
      )}
    </section>
  );
}
