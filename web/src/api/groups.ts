import type { Static } from 'typebox';
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type {
  CustomerGroupsBulk,
  Group,
  GroupCreate,
  GroupDeleted as GroupDeletedSchema,
  GroupListQuery,
  GroupSortKey,
  GroupUpdate,
  Member,
  MemberListQuery,
  MembersChanged,
  MembershipChange,
} from '../../../src/modules/groups/schema.ts';
import { allValues } from './all-values';
import { api, apiRequest, buildPath, type Page } from './client';
import { customerKeys, toSearchFilter, type CustomerFilters } from './customers';
import { fetchAllPages } from './pages';

export type {
  CustomerMembership,
  Group,
  GroupCreate,
  GroupSortKey,
  GroupUpdate,
  Level,
  LevelInput,
  Member,
  MembersChanged,
  MembershipChange,
} from '../../../src/modules/groups/schema.ts';
export type GroupDeleted = Static<typeof GroupDeletedSchema>;
export type GroupKind = Group['kind'];
export type GroupSegment = Group['segment'];
export type GroupMetric = NonNullable<Group['metric']>;
export type GroupWindow = NonNullable<Group['window']>;
export type MembershipReason = MembershipChange['reason'];

export const GROUP_KINDS = allValues<GroupKind>()(['static', 'frequency']);
export const GROUP_SEGMENTS = allValues<GroupSegment>()(['b2b', 'b2c']);
export const GROUP_METRICS = allValues<GroupMetric>()(['sales', 'gross_margin', 'transactions']);
export const GROUP_WINDOWS = allValues<GroupWindow>()(['rolling_12_months', 'never_reset']);
export const GROUP_SORT_KEYS = allValues<GroupSortKey>()([
  'name', 'code', 'number', 'kind', 'segment', 'vip', 'erp_id', 'member_count', 'created_at', 'updated_at',
]);

/** Sales and gross margin are amounts in minor units; transactions are a plain count. */
export function isMoneyMetric(metric: GroupMetric | null | undefined): boolean {
  return metric === 'sales' || metric === 'gross_margin';
}

export const GROUPS_PAGE_SIZE = 25;
export const MEMBERS_PAGE_SIZE = 50;
export const HISTORY_PAGE_SIZE = 25;

/** The list's search and filters, as the address keeps them. */
export type GroupFilters = Omit<GroupListQuery, 'limit' | 'cursor'>;
export type MemberFilters = Omit<MemberListQuery, 'limit' | 'cursor' | 'format'>;

export const groupKeys = {
  all: ['groups'] as const,
  lists: () => ['groups', 'list'] as const,
  list: (filters: GroupFilters) => ['groups', 'list', filters] as const,
  every: () => ['groups', 'every'] as const,
  detail: (id: string) => ['groups', 'detail', id] as const,
  members: (id: string, filters: MemberFilters) => ['groups', 'members', id, filters] as const,
  history: (id: string) => ['groups', 'history', id] as const,
  customerHistory: (customerId: string) => ['groups', 'customer-history', customerId] as const,
};

const groupPath = (id: string) => `/v1/groups/${encodeURIComponent(id)}`;

export const groupsListQuery = (filters: GroupFilters) =>
  infiniteQueryOptions({
    queryKey: groupKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Group>>('/v1/groups', { query: { ...filters, limit: GROUPS_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export function useGroups(filters: GroupFilters) {
  return useInfiniteQuery(groupsListQuery(filters));
}

/** Every group of the store by name, for pickers and filters: a store has tens of groups, not thousands. */
export const everyGroupQuery = () =>
  queryOptions({
    queryKey: groupKeys.every(),
    queryFn: async () => (await fetchAllPages<Group>('/v1/groups', { sort: 'name' })).items,
  });

export function useEveryGroup(enabled = true) {
  return useQuery({ ...everyGroupQuery(), enabled });
}

export interface GroupWithEtag {
  group: Group;
  etag: string | null;
}

/** A group is recomputing while its state is queued or running. */
export function isRecomputing(group: Pick<Group, 'recompute'> | undefined): boolean {
  const state = group?.recompute?.state;
  return state === 'queued' || state === 'running';
}

export const groupQuery = (id: string) =>
  queryOptions({
    queryKey: groupKeys.detail(id),
    queryFn: async ({ signal }): Promise<GroupWithEtag> => {
      const { data, headers } = await apiRequest<Group>(groupPath(id), { signal });
      return { group: data, etag: headers.get('etag') };
    },
  });

/** The group; read again every second while it recomputes, so the progress moves. */
export function useGroup(id: string) {
  return useQuery({
    ...groupQuery(id),
    refetchInterval: (query) => (isRecomputing(query.state.data?.group) ? 1000 : false),
  });
}

/** Members, ledgers and the customers' groups and VIP flags all follow a change of membership. */
export function invalidateMemberships(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: groupKeys.all }),
    queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  ]);
}

/** A new group is created with all of it; a stored one changes only what is sent, guarded by its ETag. */
export type GroupSave = { id?: undefined; input: GroupCreate } | { id: string; input: GroupUpdate; etag?: string | null };

export function useSaveGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (save: GroupSave): Promise<Group> => {
      if (!save.id) return api<Group>('/v1/groups', { method: 'POST', body: save.input });
      const { data, headers } = await apiRequest<Group>(groupPath(save.id), {
        method: 'PATCH',
        body: save.input,
        headers: save.etag ? { 'if-match': save.etag } : undefined,
      });
      queryClient.setQueryData(groupKeys.detail(save.id), { group: data, etag: headers.get('etag') });
      return data;
    },
    onSuccess: () => invalidateMemberships(queryClient),
  });
}

export function useDeleteGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<GroupDeleted>(groupPath(id), { method: 'DELETE' }),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: groupKeys.detail(id) });
      return invalidateMemberships(queryClient);
    },
  });
}

export function useRecomputeGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<Group>(`${groupPath(id)}/recompute`, { method: 'POST' }),
    onSuccess: (group) =>
      queryClient.setQueryData<GroupWithEtag>(groupKeys.detail(id), (current) => ({ group, etag: current?.etag ?? null })),
  });
}

export const groupMembersQuery = (id: string, filters: MemberFilters) =>
  infiniteQueryOptions({
    queryKey: groupKeys.members(id, filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Member>>(`${groupPath(id)}/members`, { query: { ...filters, limit: MEMBERS_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export function useGroupMembers(id: string, filters: MemberFilters) {
  return useInfiniteQuery(groupMembersQuery(id, filters));
}

/** Every member the filters select, as CSV: a plain link, so the browser streams it to a file. */
export function groupMembersCsvUrl(id: string, filters: MemberFilters): string {
  return buildPath(`${groupPath(id)}/members`, { ...filters, format: 'csv' });
}

/** Puts customers in a static group (add) or takes them out (remove). */
export function useChangeMembers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ customerIds, remove }: { customerIds: string[]; remove?: boolean }) =>
      api<MembersChanged>(`${groupPath(id)}/members`, { method: remove ? 'DELETE' : 'POST', body: { customer_ids: customerIds } }),
    onSuccess: () => invalidateMemberships(queryClient),
  });
}

const historyQuery = (queryKey: readonly string[], path: string) =>
  infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      api<Page<MembershipChange>>(path, { query: { limit: HISTORY_PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

/** The group's membership ledger, newest first. */
export function useGroupHistory(id: string) {
  return useInfiniteQuery(historyQuery(groupKeys.history(id), `${groupPath(id)}/history`));
}

/** Every group a customer entered, changed level in or left, newest first. */
export function useCustomerGroupHistory(customerId: string) {
  return useInfiniteQuery(
    historyQuery(groupKeys.customerHistory(customerId), `/v1/customers/${encodeURIComponent(customerId)}/group-history`),
  );
}

export interface BulkGroupsResult {
  matched: number;
  changed: number;
}

/** Puts every customer a search matches in static groups, or takes them out, in one transaction. */
export function useBulkGroupCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ filters, ...change }: CustomerGroupsBulk & { filters: CustomerFilters }) => {
      const { sort: _sort, ...search } = toSearchFilter(filters);
      return api<BulkGroupsResult>('/v1/customers/bulk-groups', { method: 'POST', body: { search, ...change } });
    },
    onSuccess: () => invalidateMemberships(queryClient),
  });
}
