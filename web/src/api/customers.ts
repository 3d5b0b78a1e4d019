import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Customer,
  CustomerBulkTags,
  CustomerBulkTagsResult,
  CustomerCreate,
  CustomerList,
  CustomerSearch,
  CustomerSearchFilter,
  CustomerUpdate,
  ExportColumn,
} from '../../../src/modules/customers/schema.ts';
import { allValues } from './all-values';
import { api, apiDownload, apiRequest, isProblem, type Page } from './client';

export type {
  Address,
  AddressInput,
  Contact,
  ContactInput,
  Customer,
  CustomerCreate,
  CustomerUpdate,
  ExportColumn,
} from '../../../src/modules/customers/schema.ts';
export type CustomerType = Customer['type'];
export type PaymentTerms = NonNullable<Customer['payment_terms']>;
export type CustomFieldValue = Customer['custom_fields'][string];

export const PAYMENT_TERMS = allValues<PaymentTerms>()(['due_on_receipt', 'net_7', 'net_15', 'net_30', 'net_45', 'net_60', 'net_90']);

export const EXPORT_COLUMNS = allValues<Exclude<ExportColumn, `custom_fields.${string}`>>()([
  'id', 'code', 'type', 'name', 'company_name', 'vat_number', 'email', 'phone', 'address', 'city', 'postal_code', 'country',
  'payment_terms', 'notes', 'tags', 'groups', 'vip', 'external_ids', 'created_at', 'updated_at',
  'order_count', 'total_sales', 'gross_margin', 'average_order_size', 'first_purchase_at', 'last_purchase_at',
  'store_credit', 'on_account', 'credit_limit', 'loyalty_points',
]);
/** The server's default columns, ticked when the export dialog opens. */
export const DEFAULT_EXPORT_COLUMNS: ExportColumn[] = ['id', 'code', 'type', 'name', 'company_name', 'email', 'phone', 'country', 'tags', 'created_at'];

/**
 * The list's filters and tag condition, as the URL keeps them: created_from and created_to are calendar
 * days until sent.
 */
export type CustomerFilters = Omit<CustomerSearch, 'limit' | 'cursor' | 'columns'>;

export const CUSTOMER_PAGE_SIZE = 25;

export function hasTagCondition(filters: CustomerFilters): boolean {
  return Boolean(filters.all?.length || filters.any?.length || filters.none?.length);
}

/** The filters as the API takes them: days become instants in the user's time zone, "to" exclusive. */
export function toSearchFilter(filters: CustomerFilters): CustomerSearchFilter & Pick<CustomerSearch, 'sort'> {
  const { created_from, created_to, all, any, none, ...rest } = filters;
  return {
    ...rest,
    ...(created_from ? { created_from: startOfLocalDay(created_from, 0) } : {}),
    ...(created_to ? { created_to: startOfLocalDay(created_to, 1) } : {}),
    ...(all?.length ? { all } : {}),
    ...(any?.length ? { any } : {}),
    ...(none?.length ? { none } : {}),
  };
}

/** The reverse of toSearchFilter, for a saved search: instants back to the user's calendar days. */
export function fromSearchFilter(search: CustomerSearchFilter & Pick<CustomerSearch, 'sort'>): CustomerFilters {
  const { created_from, created_to, ...rest } = search;
  return {
    ...rest,
    ...(created_from ? { created_from: localDay(created_from, 0) } : {}),
    ...(created_to ? { created_to: localDay(created_to, -1) } : {}),
  };
}

export function listCustomers(filters: CustomerFilters, cursor?: string | null, signal?: AbortSignal) {
  const { all, any, none, ...plain } = toSearchFilter(filters);
  // A tag condition takes lists of ids, which only the search (a POST) accepts.
  if (all || any || none) {
    const body = { ...plain, all, any, none, limit: CUSTOMER_PAGE_SIZE, cursor: cursor ?? undefined };
    return api<CustomerList>('/v1/customers/search', { method: 'POST', body, signal });
  }
  return api<CustomerList>('/v1/customers', { query: { ...plain, limit: CUSTOMER_PAGE_SIZE, cursor }, signal });
}

/** Every customer the filters match, as CSV with these columns. */
export function exportCustomers(filters: CustomerFilters, columns: ExportColumn[]) {
  return apiDownload('/v1/customers/search', {
    method: 'POST',
    query: { format: 'csv' },
    headers: { accept: 'text/csv' },
    body: { ...toSearchFilter(filters), columns },
  });
}

export function bulkTagCustomers(input: CustomerBulkTags) {
  return api<CustomerBulkTagsResult>('/v1/customers/bulk-tags', { method: 'POST', body: input });
}

function startOfLocalDay(day: string, addDays: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year!, month! - 1, date! + addDays).toISOString();
}

function localDay(instant: string, addDays: number): string {
  const date = new Date(instant);
  date.setDate(date.getDate() + addDays);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
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

/** What the merchant edits on the customer page; tallies, balances and timestamps are left out. */
const DETAIL_FIELDS = [
  'type', 'name', 'company_name', 'vat_number', 'code', 'external_ids', 'contacts', 'addresses', 'notes', 'payment_terms',
  'custom_fields', 'tag_ids', 'group_ids',
] as const satisfies readonly (keyof Customer)[];

function sameDetails(a: Customer, b: Customer): boolean {
  return DETAIL_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

/**
 * Runs a change made against the version `opened` was read at. The version also rises when a sale or a balance
 * entry is recorded for the customer (a till, or the Balances tab); when nothing the page edits changed since,
 * the change goes ahead on the latest version instead of calling it someone else's edit.
 */
async function onOpenedVersion<T>(id: string, etag: string | null, opened: Customer | undefined, change: (etag: string | null) => Promise<T>) {
  try {
    return await change(etag);
  } catch (error) {
    if (!opened || !isProblem(error) || error.status !== 412) throw error;
    const latest = await getCustomer(id);
    if (!sameDetails(latest.customer, opened)) throw error;
    return change(latest.etag);
  }
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
  count: (filters: CustomerFilters) => ['customers', 'count', filters] as const,
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

/** How many customers match, without their pages: for a confirmation that says whom it touches. */
export const customerCountQuery = (filters: CustomerFilters) =>
  queryOptions({
    queryKey: customerKeys.count(filters),
    queryFn: async ({ signal }) => {
      const body = { ...toSearchFilter(filters), limit: 1 };
      return (await api<Page<Customer>>('/v1/customers/search', { method: 'POST', body, signal })).total;
    },
  });

export function useCustomerCount(filters: CustomerFilters, enabled = true) {
  return useQuery({ ...customerCountQuery(filters), enabled });
}

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
    mutationFn: ({ input, etag, opened }: { input: CustomerUpdate; etag: string | null; opened?: Customer }) =>
      onOpenedVersion(id, etag, opened, (version) => updateCustomer(id, input, version)),
    onSuccess: (result) => {
      queryClient.setQueryData(customerKeys.detail(id), result);
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

export function useDeleteCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ etag, opened }: { etag: string | null; opened?: Customer }) =>
      onOpenedVersion(id, etag, opened, (version) => deleteCustomer(id, version)),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}

export function useBulkTagCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkTagCustomers,
    // Customers' tags and the tags' customer counts both change.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['tags'] }),
      ]),
  });
}

export function useExportCustomers() {
  return useMutation({
    mutationFn: ({ filters, columns }: { filters: CustomerFilters; columns: ExportColumn[] }) => exportCustomers(filters, columns),
  });
}
