import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeUpdate, User } from '../../../src/modules/access/schema.ts';
import { api } from './client';
import { sessionQuery, type Session, type SessionUser } from './session';

export function updateMe(input: MeUpdate): Promise<User> {
  return api<User>('/v1/me', { method: 'PATCH', body: input });
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

function pickUser(user: User): SessionUser {
  return { id: user.id, email: user.email, name: user.name, locale: user.locale };
}
