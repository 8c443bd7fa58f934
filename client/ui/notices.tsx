export interface NoticeItem {
  id: number;
  message: string;
}

export interface NoticesProps {
  items: NoticeItem[];
  label: string;
  dismissLabel: string;
  onDismiss: (id: number) => void;
}

/** Dismissible notices at the top of the window, announced to screen readers as they appear. */
export function Notices({ items, label, dismissLabel, onDismiss }: NoticesProps) {
  return (
    <section className="notices" aria-label={label} aria-live="polite">
      {items.map((item) => (
        <div key={item.id} className="notice" role="status">
          <span className="notice__text">{item.message}</span>
          <button type="button" className="notice__dismiss" onClick={() => onDismiss(item.id)}>
            {dismissLabel}
          </button>
        </div>
      ))}
    </section>
  );
}
