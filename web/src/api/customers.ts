import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Customer, CustomerCreate, CustomerListQuery, CustomerUpdate } from '../../../src/modules/customers/schema.ts';
import { allValues } from './all-values';
import { api, apiRequest, type Page } from './client';

export type {
  Address,
  AddressInput,
  Contact,
  ContactInput,
  Customer,
  CustomerCreate,
  CustomerUpdate,
} from '../../../src/modules/customers/schema.ts';
export type CustomerType = Customer['type'];
export type PaymentTerms = NonNullable<Customer['payment_terms']>;
export type CustomFieldValue = Customer['custom_fields'][string];

export const PAYMENT_TERMS = allValues<PaymentTerms>()(['due_on_receipt', 'net_7', 'net_15', 'net_30', 'net_45', 'net_60', 'net_90']);

/** The list's filters, as the URL keeps them: created_from and created_to are calendar days until sent. */
export type CustomerFilters = Omit<CustomerListQuery, 'limit' | 'cursor'>;

export const CUSTOMER_PAGE_SIZE = 25;

export function listCustomers(filters: CustomerFilters, cursor?: string | null, signal?: AbortSignal) {
  const { created_from, created_to, ...rest } = filters;
  return api<Page<Customer>>('/v1/customers', {
    query: {
      ...rest,
      // The filter picks calendar days in the user's time zone; the API takes instants, "to" exclusive.
      created_from: created_from ? startOfLocalDay(created_from, 0) : undefined,
      created_to: created_to ? startOfLocalDay(created_to, 1) : undefined,
      limit: CUSTOMER_PAGE_SIZE,
      cursor,
    },
    signal,
  });
}

function startOfLocalDay(day: string, addDays: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year!, month! - 1, date! + addDays).toISOString();
}

export interface CustomerWithEtag {
  customer: Customer;
  /** Sent back as If-Match so a save cannot overwrite someone else's change. */
  etag: string | null;
}

export async function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerWithEtag> {
  const { data, headers } = await apiRequest<Customer>(`/v1/customers/${encodeURIComponent(id)}`, { signal });
  return { customer: data, etag: headers.get('etag') };
}

export function createCustomer(input: CustomerCreate) {
  return api<Customer>('/v1/customers', { method: 'POST', body: input });
}

export async function updateCustomer(id: string, input: CustomerUpdate, etag: string | null) {
  const { data, headers } = await apiRequest<Customer>(`/v1/customers/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
    headers: etag ? { 'if-match': etag } : undefined,
  });
  return { customer: data, etag: headers.get('etag') } satisfies CustomerWithEtag;
}

export function deleteCustomer(id: string, etag: string | null) {
  return api<void>(`/v1/customers/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    headers: etag ? { 'if-match': etag } : undefined,
  });
}

export const customerKeys = {
  all: ['customers'] as const,
  lists: () => ['customers', 'list'] as const,
  list: (filters: CustomerFilters) => ['customers', 'list', filters] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
};

export const customersListQuery = (filters: CustomerFilters) =>
  infiniteQueryOptions({
    queryKey: customerKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listCustomers(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export const customerQuery = (id: string) =>
  queryOptions({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => getCustomer(id, signal),
  });

export function useCustomers(filters: CustomerFilters) {
  return useInfiniteQuery(customersListQuery(filters));
}

export function useCustomer(id: string | undefined) {
  return useQuery({ ...customerQuery(id ?? ''), enabled: Boolean(id) });
}

export function useCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCustomer,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
  });
}

export function useUpdateCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, etag }: { input: CustomerUpdate; etag: string | null }) =>
      updateCustomer(id, input, etag),
    onSuccess: (result) => {
      queryClient.setQueryData(customerKeys.detail(id), result);
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

export function useDeleteCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (etag: string | null) => deleteCustomer(id, etag),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}
