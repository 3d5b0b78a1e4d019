import { useMemo } from 'react';
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n';
import { COUNTRY_CODES } from './countries';

type CountrySelectProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (code: string | null) => void;
};

/** Pick a country by its name in the user's language; the value is the ISO-2 code. */
export function CountrySelect({ value, onChange, ...props }: CountrySelectProps) {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  const data = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    return COUNTRY_CODES.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` })).sort((a, b) =>
      a.label.localeCompare(b.label, locale),
    );
  }, [locale]);
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={(code) => onChange(code)}
      nothingFoundMessage="—"
      comboboxProps={{ withinPortal: true }}
      {...props}
    />
  );
}
