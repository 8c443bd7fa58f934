export interface PanelErrorProps {
  message: string;
  retryLabel: string;
  onRetry: () => void;
  side?: 'left' | 'right' | 'center';
}

/** What a panel shows once it has failed: what went wrong, and a way to try again. */
export function PanelError({ message, retryLabel, onRetry, side = 'center' }: PanelErrorProps) {
  return (
    <div className={`panel-error panel-error--${side}`} role="alert">
      <p>{message}</p>
      <button type="button" onClick={onRetry}>
        {retryLabel}
      </button>
    </div>
  );
}
