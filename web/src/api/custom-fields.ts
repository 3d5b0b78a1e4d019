import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { fetchAllPages } from './pages';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomField {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  sort_order: number;
}

export type CustomFieldInput = Omit<CustomField, 'id'>;

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
    mutationFn: ({ id, input }: { id?: string; input: Partial<CustomFieldInput> }) =>
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
