import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Sale, SaleSummary } from '../../../src/modules/sales/schema.ts';
import { api, type Page } from './client';

export type { Sale, SaleLine, SaleSummary } from '../../../src/modules/sales/schema.ts';
export type SaleKind = Sale['kind'];

export const CUSTOMER_SALES_PAGE_SIZE = 25;

export const saleKeys = {
  all: ['sales'] as const,
  ofCustomer: (customerId: string) => ['sales', 'customer', customerId] as const,
  detail: (id: string) => ['sales', 'detail', id] as const,
};

/** A customer's orders, returns and cancellations, newest first. */
export const customerSalesQuery = (customerId: string) =>
  infiniteQueryOptions({
    queryKey: saleKeys.ofCustomer(customerId),
    queryFn: ({ pageParam, signal }) =>
      api<Page<SaleSummary>>('/v1/sales', {
        query: { customer_id: customerId, limit: CUSTOMER_SALES_PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export function useCustomerSales(customerId: string) {
  return useInfiniteQuery(customerSalesQuery(customerId));
}

/** A sale with its lines; recorded sales do not change, so it is read once. */
export const saleQuery = (id: string) =>
  queryOptions({
    queryKey: saleKeys.detail(id),
    queryFn: ({ signal }) => api<Sale>(`/v1/sales/${encodeURIComponent(id)}`, { signal }),
    staleTime: Infinity,
  });

export function useSale(id: string, enabled = true) {
  return useQuery({ ...saleQuery(id), enabled });
}

/** The store's most recent sale, for report ranges that end where the sales do (an archive, the demo data). */
export const latestSaleQuery = () =>
  queryOptions({
    queryKey: ['sales', 'latest'] as const,
    queryFn: async ({ signal }) => (await api<Page<SaleSummary>>('/v1/sales', { query: { limit: 1 }, signal })).items[0] ?? null,
  });

export function useLatestSale(enabled: boolean) {
  return useQuery({ ...latestSaleQuery(), enabled });
}
