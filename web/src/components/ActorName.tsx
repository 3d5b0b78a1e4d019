import { Text, type TextProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiKeysQuery } from '../api/api-keys';
import { useRights, useSession } from '../api/session';
import { usersQuery } from '../api/users';

interface ActorNameProps extends TextProps {
  actor: { kind: 'user' | 'api_key' | 'system'; id: string | null };
}

/**
 * Who did something: "You", a user's or API key's name when the signed-in user may list them, else what
 * kind of actor it was (the API gives the actor's id, not its name).
 */
export function ActorName({ actor, ...props }: ActorNameProps) {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const { can } = useRights();
  const users = useQuery({ ...usersQuery(), enabled: actor.kind === 'user' && can('manage_users') });
  const keys = useQuery({ ...apiKeysQuery(), enabled: actor.kind === 'api_key' && can('manage_api_keys') });

  let label: string;
  if (actor.kind === 'system') label = t('actor.system');
  else if (actor.kind === 'user' && actor.id && actor.id === session?.user.id) label = t('actor.you');
  else if (actor.kind === 'user') label = users.data?.items.find((user) => user.id === actor.id)?.name ?? t('actor.user');
  else {
    const key = keys.data?.items.find((candidate) => candidate.id === actor.id);
    label = key ? t('actor.api_key_named', { name: key.name }) : t('actor.api_key');
  }
  return (
    <Text size="sm" span {...props}>
      {label}
    </Text>
  );
}
