import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

type DateFieldProps = Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat'> & {
  /** A calendar day as the API writes it: YYYY-MM-DD. */
  value: string | null;
  onChange: (value: string | null) => void;
};

/** A date picker typed and shown in the user's convention (31/12/2026 in French, 12/31/2026 in English). */
export function DateField({ value, onChange, ...props }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  const valueFormat = i18n.language === 'fr' ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
  return (
    <DateInput
      value={value || null}
      onChange={(next) => onChange(next ? String(next).slice(0, 10) : null)}
      valueFormat={valueFormat}
      placeholder={t('common.date_placeholder')}
      clearable
      {...props}
    />
  );
}
