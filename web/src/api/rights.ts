import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './client';

export interface Right {
  code: string;
  name: string;
}

export const rightsQuery = () =>
  queryOptions({
    queryKey: ['rights'],
    queryFn: () => api<{ items: Right[] }>('/v1/rights'),
    staleTime: Infinity,
    select: (data) => data.items,
  });

export function useRightsCatalogue() {
  return useQuery(rightsQuery());
}
