import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountryName } from '../../lib/country-names';

export interface CountryPickerProps {
  /** Alpha-3 code and the server's name of each country on the map. */
  countries: { code: string; name: string }[];
  value: string | null;
  onChange: (code: string) => void;
}

/** Opens a country's profile from a list: the keyboard's way to what a click on the map does. */
export function CountryPicker({ countries, value, onChange }: CountryPickerProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const countryName = useCountryName(lang);
  const id = useId();

  const options = useMemo(() => {
    const collator = new Intl.Collator(lang);
    return countries
      .map(({ code, name }) => ({ code, label: countryName(code, name) }))
      .sort((a, b) => collator.compare(a.label, b.label));
  }, [countries, countryName, lang]);

  return (
    <div className="country-picker">
      <label htmlFor={id}>{t('picker.label')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => e.currentTarget.value && onChange(e.currentTarget.value)}>
        <option value="">{t('picker.placeholder')}</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
