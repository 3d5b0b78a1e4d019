import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomField, CustomFieldCreate, CustomFieldUpdate } from '../../../src/modules/customers/schema.ts';
import { allValues } from './all-values';
import { api } from './client';
import { fetchAllPages } from './pages';

export type { CustomField, CustomFieldCreate, CustomFieldUpdate } from '../../../src/modules/customers/schema.ts';
export type CustomFieldType = CustomField['type'];

export const CUSTOM_FIELD_TYPES = allValues<CustomFieldType>()(['text', 'number', 'date', 'boolean', 'choice']);

/** A new field is created with all of it; a stored one changes only what it may (not its key or type). */
export type CustomFieldSave = { id?: undefined; input: CustomFieldCreate } | { id: string; input: CustomFieldUpdate };

export const customFieldKeys = {
  all: ['custom-fields'] as const,
  list: () => ['custom-fields', 'list'] as const,
};

export const customFieldsQuery = () =>
  queryOptions({
    queryKey: customFieldKeys.list(),
    queryFn: async () => {
      const page = await fetchAllPages<CustomField>('/v1/custom-fields');
      return [...page.items].sort((a, b) => a.sort_order - b.sort_order || a.label.localeCompare(b.label));
    },
  });

export function useCustomFields() {
  return useQuery(customFieldsQuery());
}

export function useSaveCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: CustomFieldSave) =>
      id
        ? api<CustomField>(`/v1/custom-fields/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<CustomField>('/v1/custom-fields', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all }),
  });
}

export function useDeleteCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/v1/custom-fields/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all }),
  });
}
