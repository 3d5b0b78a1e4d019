/** What an infinite query of API pages (`{ items, total }`) gives a DataTable. */
interface PagedQuery<T> {
  data?: { pages: { items: T[]; total?: number }[] };
  hasNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
  isFetchingNextPage: boolean;
  isPending: boolean;
}

/** The rows of every page loaded so far, the total of the first, and the table's "load more" props. */
export function pagedRows<T>(query: PagedQuery<T>) {
  return {
    rows: query.data?.pages.flatMap((page) => page.items) ?? [],
    total: query.data?.pages[0]?.total,
    more: {
      hasMore: Boolean(query.hasNextPage),
      onLoadMore: () => void query.fetchNextPage(),
      loadingMore: query.isFetchingNextPage,
      loading: query.isPending,
    },
  };
}
