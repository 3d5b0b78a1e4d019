import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { fetchAllPages } from './pages';

export interface Role {
  id: string;
  name: string;
  rights: string[];
  builtin: boolean;
}

export interface RoleInput {
  name: string;
  rights: string[];
}

export const roleKeys = {
  all: ['roles'] as const,
  list: () => ['roles', 'list'] as const,
};

export const rolesQuery = () =>
  queryOptions({
    queryKey: roleKeys.list(),
    queryFn: () => fetchAllPages<Role>('/v1/roles'),
  });

export function useRoles() {
  return useQuery(rolesQuery());
}

export function useSaveRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: RoleInput }) =>
      id
        ? api<Role>(`/v1/roles/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<Role>('/v1/roles', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.all }),
  });
}

export function useDeleteRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/v1/roles/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.all }),
  });
}
