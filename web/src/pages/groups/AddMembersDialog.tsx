import { useRef, useState } from 'react';
import { Button, Group as Row, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { Customer } from '../../api/customers';
import { useChangeMembers, type Group, type MembersChanged } from '../../api/groups';
import { useSession } from '../../api/session';
import { ProblemAlert } from '../../components/ProblemAlert';

interface AddMembersDialogProps {
  group: Group;
  onClose: () => void;
  onAdded: (result: MembersChanged) => void;
}

/** Finds customers by name, code, email or phone, and puts the ones picked in a static group. */
export function AddMembersDialog({ group, onClose, onAdded }: AddMembersDialogProps) {
  const { t } = useTranslation();
  const store = useSession().data?.store;
  const add = useChangeMembers(group.id);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<string[]>([]);
  // Names of the customers picked, so their pills stay while the search shows others.
  const names = useRef(new Map<string, string>());

  const found = useQuery({
    queryKey: ['customers', 'picker', debounced],
    queryFn: ({ signal }) => api<Page<Customer>>('/v1/customers', { query: { q: debounced || undefined, limit: 20 }, signal }),
    placeholderData: keepPreviousData,
  });
  for (const customer of found.data?.items ?? []) names.current.set(customer.id, customer.name);

  const options = [
    ...picked.map((id) => ({ value: id, label: names.current.get(id) ?? id })),
    ...(found.data?.items ?? [])
      .filter((customer) => !picked.includes(customer.id))
      .map((customer) => ({ value: customer.id, label: customer.code ? `${customer.name} · ${customer.code}` : customer.name })),
  ];

  return (
    <Modal opened onClose={onClose} title={t('groups.members.add_title', { name: group.name })} centered size="lg">
      <Stack gap="sm">
        <ProblemAlert error={add.error} />
        <MultiSelect
          label={t('groups.members.add_label')}
          placeholder={picked.length === 0 ? t('groups.members.add_placeholder') : undefined}
          data={options}
          value={picked}
          onChange={setPicked}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          // The server searched already: every option it answered matches what was typed.
          filter={({ options: all }) => all}
          hidePickedOptions
          clearable
          data-autofocus
          nothingFoundMessage={found.isFetching ? t('groups.members.searching') : t('groups.members.no_customer')}
          comboboxProps={{ withinPortal: true }}
          data-testid="add-members-picker"
        />
        {store?.one_group_per_customer && (
          <Text size="sm" c="dimmed">
            {t('groups.members.one_group_hint')}
          </Text>
        )}
        <Row justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            disabled={picked.length === 0}
            loading={add.isPending}
            onClick={() => add.mutate({ customerIds: picked }, { onSuccess: onAdded })}
            data-testid="add-members-apply"
          >
            {t('groups.members.add_apply', { count: picked.length })}
          </Button>
        </Row>
      </Stack>
    </Modal>
  );
}
