// Money is an integer count of minor units (pence, cents) plus the store's ISO 4217 currency; never a float.

const digitsOf = new Map<string, number>();

/** How many decimals the currency's minor unit has: GBP 2, JPY 0, BHD 3 (from Intl's ISO 4217 data; remembered, as Intl is slow to build). */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/**
 * numerator / denominator rounded to the nearest integer, ties to the even neighbour (banker's rounding,
 * the usual rule for money: it does not drift upwards over many ties). Exact on integers below 2^53.
 */
export function divideHalfEven(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  const twice = remainder * 2;
  if (twice < denominator) return quotient;
  if (twice > denominator) return quotient + 1;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}

/**
 * A decimal written as text ("2.55", "-11062.06", "0.165") as an exact integer count of 1/10^scale units,
 * or undefined when it is not a plain decimal or has more than `scale` decimals.
 */
export function parseDecimal(text: string, scale: number): number | undefined {
  const match = /^\s*([+-]?)(\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) return undefined;
  const value = Number(whole) * 10 ** scale + Number(fraction.padEnd(scale, '0') || '0');
  if (!Number.isSafeInteger(value)) return undefined;
  return sign === '-' ? -value : value;
}

/** Minor units as a plain decimal for files and spreadsheets: 123450 with 2 digits is "1234.50". */
export function formatDecimal(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
