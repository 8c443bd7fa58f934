import { useId, type ReactNode } from 'react';

/** The attributes that tie a control to its label, hint and errors. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** Messages about this field's value, shown under it and read with it. */
  errors?: string[];
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

/** A labelled form control with its hint and its errors: `children` renders the control. */
export function Field({ label, hint, errors, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = !!errors && errors.length > 0;
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={errorId} className="field__error">
          {errors!.join(' ')}
        </p>
      )}
    </div>
  );
}

export interface ChoiceGroupProps<V extends string> {
  legend: ReactNode;
  name: string;
  value: V;
  options: { value: V; label: ReactNode }[];
  onChange: (value: V) => void;
  errors?: string[];
}

/** A set of radio buttons in a fieldset. */
export function ChoiceGroup<V extends string>({ legend, name, value, options, onChange, errors }: ChoiceGroupProps<V>) {
  const id = useId();
  const invalid = !!errors && errors.length > 0;
  return (
    <fieldset className="choice-group" aria-describedby={invalid ? `${id}-error` : undefined}>
      <legend className="field__label">{legend}</legend>
      <div className="choice-group__options">
        {options.map((o) => (
          <label key={o.value} className="choice-group__option">
            <input type="radio" name={`${name}-${id}`} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      {invalid && (
        <p id={`${id}-error`} className="field__error">
          {errors!.join(' ')}
        </p>
      )}
    </fieldset>
  );
}
