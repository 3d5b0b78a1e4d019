import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { fetchAllPages } from './pages';
import type { Locale } from './session';

export interface User {
  id: string;
  email: string;
  name: string;
  locale: Locale | null;
  role_ids: string[];
  disabled: boolean;
  created_at: string;
}

export interface UserCreate {
  email: string;
  name: string;
  password: string;
  role_ids: string[];
  locale?: Locale | null;
}

export interface UserUpdate {
  name?: string;
  role_ids?: string[];
  disabled?: boolean;
  password?: string;
  locale?: Locale | null;
}

export const userKeys = {
  all: ['users'] as const,
  list: () => ['users', 'list'] as const,
};

export const usersQuery = () =>
  queryOptions({
    queryKey: userKeys.list(),
    queryFn: () => fetchAllPages<User>('/v1/users'),
  });

export function useUsers() {
  return useQuery(usersQuery());
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreate) => api<User>('/v1/users', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UserUpdate }) =>
      api<User>(`/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/v1/users/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
