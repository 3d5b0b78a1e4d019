import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n';
import { currencyDigits, parseMoney } from './money';

interface MoneyInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  /** What the box holds, as typed: "2.55". moneyInputValue turns minor units into it. */
  value: string;
  onChange: (value: string) => void;
  currency: string;
}

/** An amount in major units with the currency's symbol; useMoneyParser reads it exactly into minor units. */
export function MoneyInput({ value, onChange, currency, ...props }: MoneyInputProps) {
  const { i18n } = useTranslation();
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      leftSection={currencySymbol(currency, intlLocale(i18n.language))}
      leftSectionWidth={44}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
      {...props}
    />
  );
}

function currencySymbol(currency: string, locale: string): string {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((part) => part.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

export type MoneyReading = { minor: number | null; error?: undefined } | { minor?: undefined; error: string };

/** Reads a MoneyInput's text in the user's language: minor units, or the message to show under the box. */
export function useMoneyParser() {
  const { t, i18n } = useTranslation();
  return (text: string, currency: string, options: { allowNegative?: boolean; required?: boolean } = {}): MoneyReading => {
    const parsed = parseMoney(text, currency, i18n.language, options);
    if (!parsed.ok) return { error: t(`money.${parsed.reason}`, { count: currencyDigits(currency) }) };
    if (parsed.minor === null && options.required) return { error: t('problems.request.required') };
    return { minor: parsed.minor };
  };
}
