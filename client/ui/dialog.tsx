import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: ReactNode;
  /** Called on the × button and on Escape. */
  onClose: () => void;
  closeLabel: string;
  className?: string;
  children: ReactNode;
}

/**
 * A modal dialog over the map (the native <dialog>: the page behind is inert, Tab stays inside).
 * The heading takes the focus on opening; on closing, the focus goes back where it was.
 */
export function Dialog({ title, onClose, closeLabel, className, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const previous = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('h2')?.focus();
    // Escape closes through onClose, so that React decides what stays mounted
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (previous?.isConnected && previous !== document.body) previous.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog${className ? ` ${className}` : ''}`} aria-labelledby={headingId}>
      <header className="dialog__header">
        <h2 id={headingId} className="dialog__title" tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={closeLabel} title={closeLabel}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}
