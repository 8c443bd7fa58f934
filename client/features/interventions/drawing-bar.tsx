import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InterventionTarget } from '../../../server/domain/interventions';
import { mapHolder } from './interventions-ui-store';
import type { DrawKind, DrawSession } from './draw-zone';

export interface DrawingBarProps {
  kind: DrawKind;
  onDrawn: (target: InterventionTarget) => void;
  onCancel: () => void;
}

/**
 * While a zone is drawn on the map: what to do, and a way back to the form. The map is free
 * (the form's dialog is closed meanwhile); Escape gives up.
 */
export function DrawingBar({ kind, onDrawn, onCancel }: DrawingBarProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const callbacks = useRef({ onDrawn, onCancel });
  callbacks.current = { onDrawn, onCancel };
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let session: DrawSession | null = null;
    let alive = true;
    const map = mapHolder.current;
    if (!map) {
      setError(t('interventions.draw.noMap'));
      return;
    }
    import('./draw-zone')
      .then(({ startDrawing }) => {
        if (!alive) return;
        session = startDrawing(map, kind, (target) => callbacks.current.onDrawn(target));
        setReady(true);
        map.getCanvas().focus();
      })
      .catch((e: Error) => setError(e.message));
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') callbacks.current.onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      alive = false;
      window.removeEventListener('keydown', onKey);
      session?.stop();
    };
  }, [kind, t]);

  return (
    <div ref={ref} className="iv-drawing-bar" role="region" aria-label={t('interventions.draw.region')} data-testid="drawing-bar" data-ready={ready}>
      <p role="status">{t(kind === 'polygon' ? 'interventions.draw.polygonHelp' : 'interventions.draw.circleHelp')}</p>
      {error && <p className="error-text" role="alert">{error}</p>}
      <button type="button" onClick={onCancel}>{t('interventions.draw.cancel')}</button>
    </div>
  );
}
