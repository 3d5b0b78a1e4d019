import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Session, SessionCreate, Store } from '../../../src/modules/access/schema.ts';
import { api, isProblem, setCsrfToken } from './client';
import type { RightCode } from './rights';

export type { Session } from '../../../src/modules/access/schema.ts';

export type Locale = Store['locale'];
export type SessionUser = Session['user'];
export type LoginInput = SessionCreate;
/** A store the login opens, listed by the session.store_choice problem. */
export type StoreChoice = Pick<Store, 'id' | 'name'>;

/** The signed-in session, or null when there is none (401). */
export async function getSession(): Promise<Session | null> {
  try {
    const session = await api<Session>('/v1/session');
    setCsrfToken(session.csrf_token);
    return session;
  } catch (error) {
    if (isProblem(error) && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export async function createSession(input: LoginInput): Promise<Session> {
  const session = await api<Session>('/v1/session', { method: 'POST', body: input });
  setCsrfToken(session.csrf_token);
  return session;
}

export async function deleteSession(): Promise<void> {
  await api<void>('/v1/session', { method: 'DELETE' });
  setCsrfToken(undefined);
}

export const sessionQuery = () =>
  queryOptions({
    queryKey: ['session'],
    queryFn: getSession,
    staleTime: Infinity,
    retry: false,
  });

export function useSession() {
  return useQuery(sessionQuery());
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSession,
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQuery().queryKey, session);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSession,
    onSettled: () => {
      setCsrfToken(undefined);
      queryClient.clear();
      queryClient.setQueryData(sessionQuery().queryKey, null);
    },
  });
}

/** Which rights the signed-in user holds; the API still checks each call. */
export function useRights() {
  const { data } = useSession();
  const rights = new Set(data?.rights ?? []);
  return {
    rights,
    can: (right: RightCode) => rights.has(right),
    canAny: (...wanted: RightCode[]) => wanted.some((right) => rights.has(right)),
  };
}

/** The store's currency: every amount the API answers is in its minor units. */
export function useCurrency(): string {
  return useSession().data?.store.currency ?? 'GBP';
}
