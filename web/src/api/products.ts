import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Product, ProductCreate, ProductListQuery, ProductUpdate } from '../../../src/modules/products/schema.ts';
import { api, type Page } from './client';

export type { Product, ProductCreate, ProductUpdate } from '../../../src/modules/products/schema.ts';

/** The list's filters and sort, as the URL keeps them. */
export type ProductFilters = Omit<ProductListQuery, 'limit' | 'cursor'>;
export type ProductSave = { id?: undefined; input: ProductCreate } | { id: string; input: ProductUpdate };

export const PRODUCT_PAGE_SIZE = 50;

export const productKeys = {
  all: ['products'] as const,
  lists: () => ['products', 'list'] as const,
  list: (filters: ProductFilters) => ['products', 'list', filters] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
};

export function listProducts(filters: ProductFilters, cursor?: string | null, signal?: AbortSignal) {
  return api<Page<Product>>('/v1/products', { query: { ...filters, limit: PRODUCT_PAGE_SIZE, cursor }, signal });
}

export const productsListQuery = (filters: ProductFilters) =>
  infiniteQueryOptions({
    queryKey: productKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listProducts(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });

export function useProducts(filters: ProductFilters) {
  return useInfiniteQuery(productsListQuery(filters));
}

export function useSaveProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: ProductSave) =>
      id
        ? api<Product>(`/v1/products/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<Product>('/v1/products', { method: 'POST', body: input }),
    onSuccess: (product) => {
      queryClient.setQueryData(productKeys.detail(product.id), product);
      return queryClient.invalidateQueries({ queryKey: productKeys.lists() });
    },
  });
}

export function useDeleteProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/v1/products/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: productKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: productKeys.lists() });
    },
  });
}

