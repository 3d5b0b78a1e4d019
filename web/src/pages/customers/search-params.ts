import type { CustomerFilters } from '../../api/customers';

/** Filters kept in the address as plain values. */
export const FILTER_PARAMS = ['q', 'type', 'country', 'created_from', 'created_to', 'group_id', 'sort'] as const;
/** Yes / no filters, kept as "true" or "false". */
export const BOOLEAN_PARAMS = ['vip'] as const;
/** The tag condition, each a comma-separated list of tag ids. */
export const TAG_PARAMS = ['all', 'any', 'none'] as const;

export type FilterParam = (typeof FILTER_PARAMS)[number] | (typeof BOOLEAN_PARAMS)[number];
export type TagParam = (typeof TAG_PARAMS)[number];

export function filtersFromParams(params: URLSearchParams): CustomerFilters {
  const result: Record<string, string | string[] | boolean> = {};
  for (const name of FILTER_PARAMS) {
    const value = params.get(name);
    if (value) result[name] = value;
  }
  for (const name of BOOLEAN_PARAMS) {
    const value = params.get(name);
    if (value === 'true' || value === 'false') result[name] = value === 'true';
  }
  for (const name of TAG_PARAMS) {
    const ids = (params.get(name) ?? '').split(',').filter(Boolean);
    if (ids.length > 0) result[name] = ids;
  }
  return result as CustomerFilters;
}

export function paramsFromFilters(filters: CustomerFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_PARAMS) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  for (const name of BOOLEAN_PARAMS) {
    const value = filters[name];
    if (value !== undefined) params.set(name, String(value));
  }
  for (const name of TAG_PARAMS) {
    const ids = filters[name];
    if (ids?.length) params.set(name, ids.join(','));
  }
  return params;
}

/** Whether anything narrows the list (the sort does not). */
export function hasAnyFilter(params: URLSearchParams): boolean {
  return [...FILTER_PARAMS, ...BOOLEAN_PARAMS, ...TAG_PARAMS].some((name) => name !== 'sort' && params.get(name));
}
