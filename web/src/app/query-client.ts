import { QueryClient } from '@tanstack/react-query';
import { ProblemError, setUnauthenticatedHandler } from '../api/client';
import { sessionQuery } from '../api/session';

export function createQueryClient(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will answer the same the second time; only network trouble and 5xx are worth a retry.
        retry: (count, error) => !(error instanceof ProblemError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
  setUnauthenticatedHandler(() => queryClient.setQueryData(sessionQuery().queryKey, null));
  return queryClient;
}
