import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role, RoleCreate } from '../../../src/modules/access/schema.ts';
import { api } from './client';
import { fetchAllPages } from './pages';

export type { Role, RoleCreate, RoleUpdate } from '../../../src/modules/access/schema.ts';

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
    mutationFn: ({ id, input }: { id?: string; input: RoleCreate }) =>
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
