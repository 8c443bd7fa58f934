import { useId } from 'react';

export interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** The value as read aloud and shown beside the track ("50 km"). */
  valueText: string;
  onChange: (value: number) => void;
  disabled?: boolean;
}

/** A labelled range input that shows its value. */
export function Slider({ label, value, min, max, step = 1, valueText, onChange, disabled }: SliderProps) {
  const id = useId();
  return (
    <div className="slider">
      <label htmlFor={id} className="slider__label">
        {label}
      </label>
      <div className="slider__row">
        <input
          id={id}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          aria-valuetext={valueText}
          disabled={disabled}
          onChange={(e) => onChange(Number(e.currentTarget.value))}
        />
        <output htmlFor={id} className="slider__value">
          {valueText}
        </output>
      </div>
    </div>
  );
}
