export interface QuickExitButtonProps {
  label: string;
  /** Says what it does and its keyboard shortcut. */
  title: string;
  onExit: () => void;
}

/** The safeguarding exit: always visible, always the same place. */
export function QuickExitButton({ label, title, onExit }: QuickExitButtonProps) {
  return (
    <button type="button" className="quick-exit" title={title} onClick={onExit}>
      {label}
    </button>
  );
}
