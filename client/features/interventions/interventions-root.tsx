import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../../lib/store';
import { loadPanelStrings } from '../../lib/i18n';
import { Loading } from '../../ui/loading';
import { ErrorBoundary } from '../../ui/error-boundary';
import { PanelError } from '../../ui/panel-error';
import { closeInterventions, interventionsUi } from './interventions-ui-store';

// the dialog, the legend and the suggestions load, with their strings, when first shown
const InterventionsDialog = lazy(() =>
  Promise.all([import('./interventions-dialog'), loadPanelStrings()]).then(([m]) => ({ default: m.InterventionsDialog })),
);
const InterventionsLegend = lazy(() =>
  Promise.all([import('./interventions-legend'), loadPanelStrings()]).then(([m]) => ({ default: m.InterventionsLegend })),
);
const SuggestionsSection = lazy(() =>
  Promise.all([import('./suggestions-section'), loadPanelStrings()]).then(([m]) => ({ default: m.SuggestionsSection })),
);
const CoverageSection = lazy(() =>
  Promise.all([import('./coverage-section'), loadPanelStrings()]).then(([m]) => ({ default: m.CoverageSection })),
);

export interface InterventionsRootProps {
  canWrite: boolean;
}

/** The interventions dialog when it is open, and the map layer's legend when the layer is shown. */
export function InterventionsRoot({ canWrite }: InterventionsRootProps) {
  const { t } = useTranslation();
  const open = useStore(interventionsUi, (s) => s.open);
  const legend = useStore(interventionsUi, (s) => s.layer.visible);
  return (
    <>
      {open && (
        <ErrorBoundary
          fallback={(error, reset) => (
            <PanelError side="center" message={t('error.panelFailed', { panel: t('error.panels.interventions'), message: error.message })} retryLabel={t('error.retry')} onRetry={() => { closeInterventions(); reset(); }} />
          )}
        >
          <Suspense fallback={<div className="dialog-loading"><Loading label={t('app.loadingPanel')} /></div>}>
            <InterventionsDialog canWrite={canWrite} />
          </Suspense>
        </ErrorBoundary>
      )}
      {legend && (
        <Suspense fallback={null}>
          <InterventionsLegend />
        </Suspense>
      )}
    </>
  );
}

export interface AreaSuggestionsProps {
  /** The open area's boundary set; the built-in countries when not given. */
  boundarySetId?: string;
  /** The open area's code (alpha-3 for a country). */
  code: string;
  borderKm: number;
  canWrite: boolean;
}

/** What the theory of change suggests for the open area (a section of the area profile). */
export function AreaSuggestions(props: AreaSuggestionsProps) {
  const { t } = useTranslation();
  return (
    <ErrorBoundary fallback={(error) => <p className="error-text" role="alert">{error.message}</p>}>
      <Suspense fallback={<Loading label={t('profile.loading')} />}>
        <CoverageSection boundarySetId={props.boundarySetId} code={props.code} />
        <SuggestionsSection {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
