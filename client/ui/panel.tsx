import { useId, type ReactNode } from 'react';

export interface PanelProps {
  title: ReactNode;
  /** 'left' or 'right' edge of the window. */
  side: 'left' | 'right';
  /** Shown as a × button in the header when given. */
  onClose?: () => void;
  closeLabel?: string;
  closeTitle?: string;
  /** Id for the heading, when another element points at it. */
  headingId?: string;
  className?: string;
  children: ReactNode;
}

/** A floating panel over the map: an <aside> named by its heading. */
export function Panel({ title, side, onClose, closeLabel, closeTitle, headingId, className, children }: PanelProps) {
  const ownId = useId();
  const id = headingId ?? ownId;
  return (
    <aside className={`panel panel--${side}${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <header className="panel__header">
        <h2 id={id} className="panel__title" tabIndex={-1}>
          {title}
        </h2>
        {onClose && (
          <button type="button" className="icon-button" onClick={onClose} aria-label={closeLabel} title={closeTitle}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </header>
      <div className="panel__body">{children}</div>
    </aside>
  );
}
