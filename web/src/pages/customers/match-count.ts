import type { TFunction } from 'i18next';

/**
 * How many customers a search matches, in words: `<key>` with the count, or `<key>_capped` when the total is a
 * text lookup's cap (more match, and the server counted no further). The one place that tells the two apart.
 */
export function matchCount(t: TFunction, key: string, total: number, capped: boolean): string {
  return capped ? t(`${key}_capped`, { cap: total }) : t(key, { count: total });
}
