// Amounts typed in major units ("2.55") and kept in minor units (255), converted through the digits of the
// string: 2.55 * 100 in floating point is 254.99999999999997, which a rounding slip would store as 254.

/** How many minor units a major unit holds in this currency (2 for GBP, 0 for JPY, 3 for KWD). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export type ParsedMoney =
  | { ok: true; minor: number | null }
  /** too_many_decimals says how many the currency allows, for the message. */
  | { ok: false; reason: 'invalid' | 'too_many_decimals' | 'negative' };

/**
 * The amount typed, in minor units; null when the box is empty. Spaces group thousands in French, commas in
 * English; a French comma is the decimal point, and a point is accepted there too.
 */
export function parseMoney(text: string, currency: string, language: string, options: { allowNegative?: boolean } = {}): ParsedMoney {
  return parseScaled(text, currencyDigits(currency), language, options);
}

/** Minor units as the box shows them to edit: 255 -> "2.55" ("2,55" in French), without grouping. */
export function moneyInputValue(minor: number | null | undefined, currency: string, language: string): string {
  return scaledInputValue(minor, currencyDigits(currency), language);
}

/** A decimal typed with at most `digits` decimals, as an integer of its smallest unit: ("35.5", 2) -> 3550. */
export function parseScaled(text: string, digits: number, language: string, options: { allowNegative?: boolean } = {}): ParsedMoney {
  let typed = text.replace(/[\s\u00a0\u202f]/g, '');
  if (typed === '') return { ok: true, minor: null };
  typed = language === 'fr' ? typed.replace(',', '.') : typed.replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(typed);
  if (!match || (match[2] === '' && !match[3])) return { ok: false, reason: 'invalid' };
  const [, sign, whole = '', fraction = ''] = match;
  if (sign === '-' && !options.allowNegative) return { ok: false, reason: 'negative' };
  if (fraction.replace(/0+$/, '').length > digits) return { ok: false, reason: 'too_many_decimals' };
  const minor = Number(`${whole || '0'}${fraction.padEnd(digits, '0').slice(0, digits)}`);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'invalid' };
  return { ok: true, minor: sign === '-' && minor !== 0 ? -minor : minor };
}

/** The reverse of parseScaled: (3550, 2) -> "35.50". */
export function scaledInputValue(value: number | null | undefined, digits: number, language: string): string {
  if (value === null || value === undefined) return '';
  const sign = value < 0 ? '-' : '';
  const text = String(Math.abs(value)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `${language === 'fr' ? ',' : '.'}${text.slice(-digits)}` : '';
  return `${sign}${whole}${fraction}`;
}
