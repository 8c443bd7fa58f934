import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../lib/store';
import { Loading } from '../../ui/loading';
import { ErrorBoundary } from '../../ui/error-boundary';
import { PanelError } from '../../ui/panel-error';
import { closePlans, plansUi } from './plans-ui-store';
import { loadPlanStrings } from './plan-strings';

// the dialog loads with its strings when first opened
const PlansDialog = lazy(() =>
  Promise.all([import('./plans-dialog'), loadPlanStrings()]).then(([m]) => ({ default: m.PlansDialog })),
);

/** The local plans dialog, when it is open. */
export function PlansRoot({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const open = useStore(plansUi, (s) => s.open);
  if (!open) return null;
  return (
    <ErrorBoundary
      fallback={(error, reset) => (
        <PanelError side="center" message={t('error.panelFailed', { panel: t('layers.plans'), message: error.message })} retryLabel={t('error.retry')} onRetry={() => { closePlans(); reset(); }} />
      )}
    >
      <Suspense fallback={<div className="dialog-loading"><Loading label={t('app.loadingPanel')} /></div>}>
        <PlansDialog canWrite={canWrite} />
      </Suspense>
    </ErrorBoundary>
  );
}
