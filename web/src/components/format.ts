import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n';

/** Dates and money in the active language's conventions (fr-FR for French). */
export function useFormatters() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    locale,
    date: (value: string | Date) => formatDate(value, locale),
    dateTime: (value: string | Date) => formatDateTime(value, locale),
    money: (amountMinor: number, currency: string) => formatMoney(amountMinor, currency, locale),
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
  };
}

export function formatDate(value: string | Date, locale: string): string {
  const date = toDate(value);
  if (!date) return String(value);
  // A bare YYYY-MM-DD is a calendar day, not an instant: format it in UTC so it never shifts a day.
  const dayOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: dayOnly ? 'UTC' : undefined }).format(date);
}

export function formatDateTime(value: string | Date, locale: string): string {
  const date = toDate(value);
  if (!date) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

function toDate(value: string | Date): Date | undefined {
  const date = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
