import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Right } from '../../../src/modules/access/schema.ts';
import { api, type Page } from './client';

export type { Right } from '../../../src/modules/access/schema.ts';
export type RightCode = Right['code'];

export const rightsQuery = () =>
  queryOptions({
    queryKey: ['rights'],
    queryFn: () => api<Page<Right>>('/v1/rights'),
    staleTime: Infinity,
    select: (data) => data.items,
  });

export function useRightsCatalogue() {
  return useQuery(rightsQuery());
}
