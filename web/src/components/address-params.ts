import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { formatSort, parseSort, type SortTerm } from './sort';

export interface AddressParams<Name extends string = string> {
  /** The parameters as last rendered. */
  params: URLSearchParams;
  /** The parameters as last changed, which the next render may not show yet. */
  latest: () => URLSearchParams;
  /** Puts these parameters in the address, replacing its history entry. */
  replace: (next: URLSearchParams) => void;
  /** Sets one parameter, or removes it when empty, keeping every other. */
  setParam: (name: Name, value: string | null) => void;
}

/**
 * The address's query parameters and ways to change them. The router applies navigations in a transition,
 * so two quick changes could each start from the same old address; composing them on a ref keeps both.
 */
export function useAddressParams<Name extends string = string>(): AddressParams<Name> {
  const [params, setParams] = useSearchParams();
  const latestParams = useRef(params);
  useEffect(() => {
    latestParams.current = params;
  }, [params]);
  const replace = (next: URLSearchParams) => {
    latestParams.current = next;
    setParams(next, { replace: true });
  };
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(latestParams.current);
    if (value) next.set(name, value);
    else next.delete(name);
    replace(next);
  };
  return { params, latest: () => latestParams.current, replace, setParam };
}

/** A text box bound to one parameter: what is typed shows at once and reaches the address after a pause. */
export function useDebouncedParam<Name extends string>(address: Pick<AddressParams<Name>, 'params' | 'setParam'>, name: Name, normalize: (value: string) => string = (value) => value.trim()) {
  const [value, setValue] = useState(address.params.get(name) ?? '');
  const [debounced] = useDebouncedValue(value, 300);
  useEffect(() => {
    const next = normalize(debounced);
    if ((address.params.get(name) ?? '') !== next) address.setParam(name, next || null);
  }, [debounced]);
  return [value, setValue] as const;
}

/**
 * A list page's address: its filters, a search box (`q`) and a sort on one or several columns (`sort`).
 * Without a sort the API orders by name, so the table says so.
 */
export function useListParams<Name extends string>() {
  const address = useAddressParams<Name | 'q' | 'sort'>();
  const [search, setSearch] = useDebouncedParam(address, 'q');
  const sortParam = address.params.get('sort');
  const sort: SortTerm[] = sortParam ? parseSort(sortParam) : [{ key: 'name', desc: false }];
  const setSort = (next: SortTerm[]) => address.setParam('sort', formatSort(next) || null);
  /** Every filter off and the search box empty; the sort stays. */
  const clearFilters = () => {
    setSearch('');
    address.replace(new URLSearchParams(sortParam ? { sort: sortParam } : {}));
  };
  const typed: AddressParams<Name> = address;
  return { ...typed, search, setSearch, sort, setSort, clearFilters };
}
