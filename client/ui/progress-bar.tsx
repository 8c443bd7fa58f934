import { useId } from 'react';

export interface ProgressBarProps {
  label: string;
  /** 0–1; null while the amount is not known (the bar then shows activity only). */
  value: number | null;
  /** What the bar says beside it and to screen readers ("45 %", "Done"). */
  valueText?: string;
}

/** A labelled progress bar. */
export function ProgressBar({ label, value, valueText }: ProgressBarProps) {
  const id = useId();
  return (
    <div className="progress">
      <label htmlFor={id} className="progress__label">
        {label}
      </label>
      <div className="progress__row">
        <progress id={id} max={1} value={value ?? undefined} aria-valuetext={valueText} />
        {valueText && (
          <span className="progress__value" aria-hidden="true">
            {valueText}
          </span>
        )}
      </div>
    </div>
  );
}
