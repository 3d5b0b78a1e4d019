import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Store, StoreUpdate } from '../../../src/modules/access/schema.ts';
import { api } from './client';
import { sessionQuery, type Session } from './session';

export type { Store, StoreUpdate } from '../../../src/modules/access/schema.ts';

export const storeQuery = () =>
  queryOptions({
    queryKey: ['store'],
    queryFn: () => api<Store>('/v1/store'),
  });

export function useStore() {
  return useQuery(storeQuery());
}

export function useUpdateStore() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StoreUpdate) => api<Store>('/v1/store', { method: 'PATCH', body: input }),
    onSuccess: (store) => {
      queryClient.setQueryData(storeQuery().queryKey, store);
      // The shell shows the store's name and formats money in its currency.
      queryClient.setQueryData<Session | null>(sessionQuery().queryKey, (session) => (session ? { ...session, store } : session));
    },
  });
}
