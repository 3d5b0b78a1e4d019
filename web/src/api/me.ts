import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { sessionQuery, type Locale, type Session, type SessionUser } from './session';

export interface MeUpdate {
  locale?: Locale | null;
  name?: string;
  password?: string;
}

export function updateMe(input: MeUpdate): Promise<SessionUser> {
  return api<SessionUser>('/v1/me', { method: 'PATCH', body: input });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (user) => {
      queryClient.setQueryData<Session | null>(sessionQuery().queryKey, (session) =>
        session ? { ...session, user: { ...session.user, ...pickUser(user) } } : session,
      );
    },
  });
}

function pickUser(user: SessionUser): SessionUser {
  return { id: user.id, email: user.email, name: user.name, locale: user.locale };
}
