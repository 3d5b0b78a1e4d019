import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CustomerTagList,
  Tag,
  TagCategory,
  TagCategoryCreate,
  TagCategoryDeleted,
  TagCategoryUpdate,
  TagCreate,
  TagDeleted,
  TagMerged,
  TagUpdate,
} from '../../../src/modules/tags/schema.ts';
import { api } from './client';
import { customerKeys } from './customers';
import { fetchAllPages } from './pages';

export type {
  CustomerTag,
  Tag,
  TagCategory,
  TagCategoryCreate,
  TagCategoryDeleted,
  TagCategoryUpdate,
  TagCondition,
  TagCreate,
  TagDeleted,
  TagMerged,
  TagUpdate,
} from '../../../src/modules/tags/schema.ts';

/** A new category is created with all of it; a stored one changes only what is sent. */
export type TagCategorySave = { id?: undefined; input: TagCategoryCreate } | { id: string; input: TagCategoryUpdate };
export type TagSave = { id?: undefined; input: TagCreate } | { id: string; input: TagUpdate };

export const tagKeys = {
  all: ['tags'] as const,
  categories: () => ['tags', 'categories'] as const,
  list: () => ['tags', 'list'] as const,
  ofCustomer: (customerId: string) => ['tags', 'customer', customerId] as const,
};

export const tagCategoriesQuery = () =>
  queryOptions({
    queryKey: tagKeys.categories(),
    queryFn: async () => {
      const page = await fetchAllPages<TagCategory>('/v1/tag-categories');
      return [...page.items].sort((a, b) => a.sort_order - b.sort_order || a.name.localeCompare(b.name));
    },
  });

/** Every tag of the store, archived ones included: pickers and badges look tags up by id. */
export const tagsQuery = () =>
  queryOptions({
    queryKey: tagKeys.list(),
    queryFn: async () => (await fetchAllPages<Tag>('/v1/tags')).items,
  });

export const customerTagsQuery = (customerId: string) =>
  queryOptions({
    queryKey: tagKeys.ofCustomer(customerId),
    queryFn: ({ signal }) => api<CustomerTagList>(`/v1/customers/${encodeURIComponent(customerId)}/tags`, { signal }),
    select: (data) => data.items,
  });

export function useTagCategories() {
  return useQuery(tagCategoriesQuery());
}

export function useTags() {
  return useQuery(tagsQuery());
}

export function useCustomerTags(customerId: string | undefined) {
  return useQuery({ ...customerTagsQuery(customerId ?? ''), enabled: Boolean(customerId) });
}

/** Categories, tags and the customers carrying them change together (a merge, a delete). */
function invalidateTagsAndCustomers(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: tagKeys.all }),
    queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  ]);
}

export function useSaveTagCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: TagCategorySave) =>
      id
        ? api<TagCategory>(`/v1/tag-categories/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<TagCategory>('/v1/tag-categories', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tagKeys.all }),
  });
}

export function useDeleteTagCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<TagCategoryDeleted>(`/v1/tag-categories/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => invalidateTagsAndCustomers(queryClient),
  });
}

export function useSaveTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: TagSave) =>
      id
        ? api<Tag>(`/v1/tags/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
        : api<Tag>('/v1/tags', { method: 'POST', body: input }),
    onSuccess: (tag, { id }) => {
      // A tag created from a picker is shown as picked at once, before the list is read again.
      if (!id) queryClient.setQueryData<Tag[]>(tagKeys.list(), (tags) => (tags ? [...tags, tag] : tags));
      return queryClient.invalidateQueries({ queryKey: tagKeys.all });
    },
  });
}

export function useDeleteTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<TagDeleted>(`/v1/tags/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => invalidateTagsAndCustomers(queryClient),
  });
}

export function useMergeTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, intoTagId }: { id: string; intoTagId: string }) =>
      api<TagMerged>(`/v1/tags/${encodeURIComponent(id)}/merge`, { method: 'POST', body: { into_tag_id: intoTagId } }),
    onSuccess: () => invalidateTagsAndCustomers(queryClient),
  });
}
