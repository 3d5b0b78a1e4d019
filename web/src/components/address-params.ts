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
 * The address's query parameters and ways to change them. The router applies navigations in a transition, which
 * a busy page may render late: a control re-rendered meanwhile would show, and build its next change on, the old
 * address (two quick picks in one tag field kept only the second). So the page renders the parameters as last
 * changed here, at once, and follows the address when it changes from outside (back button, a link).
 */
export function useAddressParams<Name extends string = string>(): AddressParams<Name> {
  const [address, setAddress] = useSearchParams();
  const [params, setParams] = useState(address);
  const latestParams = useRef(address);
  // The addresses this page asked for that the router has not shown yet, oldest first.
  const pending = useRef<string[]>([]);
  useEffect(() => {
    const at = pending.current.indexOf(address.toString());
    if (at >= 0) {
      pending.current = pending.current.slice(at + 1);
      return;
    }
    pending.current = [];
    latestParams.current = address;
    setParams(address);
  }, [address]);
  const replace = (next: URLSearchParams) => {
    if (next.toString() === latestParams.current.toString()) return;
    latestParams.current = next;
    pending.current.push(next.toString());
    setParams(next);
    setAddress(next, { replace: true });
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
