import { useId } from 'react';

export interface LanguageSelectProps<L extends string> {
  label: string;
  value: L;
  options: { value: L; label: string }[];
  onChange: (value: L) => void;
}

/** A labelled language picker. */
export function LanguageSelect<L extends string>({ label, value, options, onChange }: LanguageSelectProps<L>) {
  const id = useId();
  return (
    <div className="language-select">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as L)}>
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
