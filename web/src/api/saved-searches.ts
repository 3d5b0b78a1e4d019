import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedSearch, SavedSearchCreate, SavedSearchUpdate } from '../../../src/modules/customers/schema.ts';
import { api } from './client';
import { fetchAllPages } from './pages';

export type { SavedSearch, SavedSearchBody, SavedSearchCreate, SavedSearchUpdate } from '../../../src/modules/customers/schema.ts';

export const savedSearchKeys = {
  all: ['saved-searches'] as const,
  list: () => ['saved-searches', 'list'] as const,
};

export const savedSearchesQuery = () =>
  queryOptions({
    queryKey: savedSearchKeys.list(),
    queryFn: async () => (await fetchAllPages<SavedSearch>('/v1/saved-searches')).items,
  });

export function useSavedSearches(enabled = true) {
  return useQuery({ ...savedSearchesQuery(), enabled });
}

export function useSaveSavedSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: undefined; input: SavedSearchCreate } | { id: string; input: SavedSearchUpdate }) =>
      id
        ? api<SavedSearch>(`/v1/saved-searches/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<SavedSearch>('/v1/saved-searches', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedSearchKeys.all }),
  });
}

export function useDeleteSavedSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/v1/saved-searches/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedSearchKeys.all }),
  });
}
