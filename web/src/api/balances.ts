import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BalanceEntry,
  BalanceEntryCreate,
  BalanceEntryCreated,
  Balances,
  BalancesUpdate,
} from '../../../src/modules/balances/schema.ts';
import { allValues } from './all-values';
import { api, type Page } from './client';
import { customerKeys } from './customers';

export type { BalanceEntry, BalanceEntryCreate, Balances } from '../../../src/modules/balances/schema.ts';
export type BalanceName = BalanceEntry['balance'];
export type EntryType = BalanceEntry['entry_type'];
export type EntryTypeCreate = BalanceEntryCreate['entry_type'];

export const BALANCE_NAMES = allValues<BalanceName>()(['store_credit', 'on_account', 'loyalty_points']);
export const LEDGER_PAGE_SIZE = 20;

export const balanceKeys = {
  all: ['balances'] as const,
  ofCustomer: (customerId: string) => ['balances', customerId] as const,
  summary: (customerId: string) => ['balances', customerId, 'summary'] as const,
  ledger: (customerId: string, balance: BalanceName) => ['balances', customerId, 'ledger', balance] as const,
};

const balancesPath = (customerId: string) => `/v1/customers/${encodeURIComponent(customerId)}/balances`;
const entriesPath = (customerId: string) => `/v1/customers/${encodeURIComponent(customerId)}/balance-entries`;

export const balancesQuery = (customerId: string) =>
  queryOptions({
    queryKey: balanceKeys.summary(customerId),
    queryFn: ({ signal }) => api<Balances>(balancesPath(customerId), { signal }),
  });

/** One balance's entries, newest first. */
export const ledgerQuery = (customerId: string, balance: BalanceName) =>
  infiniteQueryOptions({
    queryKey: balanceKeys.ledger(customerId, balance),
    queryFn: ({ pageParam, signal }) =>
      api<Page<BalanceEntry>>(entriesPath(customerId), { query: { balance, limit: LEDGER_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export function useBalances(customerId: string) {
  return useQuery(balancesQuery(customerId));
}

export function useLedger(customerId: string, balance: BalanceName) {
  return useInfiniteQuery(ledgerQuery(customerId, balance));
}

/** The balances and ledgers change, and so do the figures the customer page shows from the customer. */
function useAfterBalanceChange(customerId: string) {
  const queryClient = useQueryClient();
  return (balances: Balances) => {
    queryClient.setQueryData(balanceKeys.summary(customerId), balances);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: balanceKeys.ofCustomer(customerId) }),
      queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
    ]);
  };
}

export function usePostBalanceEntry(customerId: string) {
  const after = useAfterBalanceChange(customerId);
  return useMutation({
    mutationFn: (input: BalanceEntryCreate) => api<BalanceEntryCreated>(entriesPath(customerId), { method: 'POST', body: input }),
    onSuccess: (created) => after(created.balances),
  });
}

export function useUpdateCreditLimit(customerId: string) {
  const after = useAfterBalanceChange(customerId);
  return useMutation({
    mutationFn: (input: BalancesUpdate) => api<Balances>(balancesPath(customerId), { method: 'PATCH', body: input }),
    onSuccess: after,
  });
}
