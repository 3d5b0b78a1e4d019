import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDeleteRole, useRoles, useSaveRole, type Role } from '../../api/roles';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable, type Column } from '../../components/DataTable';
import { useFieldErrors } from '../../components/field-errors';
import { IconPlus } from '../../components/icons';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RightsChecklist } from '../../components/RightsChecklist';
import { useRoleName } from '../../components/role-name';
import { useRightsCatalogue } from '../../api/rights';
import { SectionHeader } from '../../components/SectionHeader';

type Editing = { role?: Role } | null;

export function Roles() {
  const { t } = useTranslation();
  const { data, isPending, error } = useRoles();
  const remove = useDeleteRole();
  const [editing, setEditing] = useState<Editing>(null);
  const roleName = useRoleName();

  const columns: Column<Role>[] = [
    {
      key: 'name',
      header: t('settings.roles.name'),
      render: (role) => (
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {roleName(role)}
          </Text>
          {role.builtin && (
            <Badge size="xs" color="gray" variant="outline">
              {t('settings.roles.builtin')}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'rights',
      header: t('settings.roles.rights'),
      render: (role) => <RightBadges rights={role.rights} />,
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (role) => (
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button size="xs" variant="default" onClick={() => setEditing({ role })}>
            {role.builtin ? t('common.view') : t('common.edit')}
          </Button>
          {!role.builtin && (
            <ConfirmButton
              size="xs"
              title={t('settings.roles.delete_title')}
              message={t('settings.roles.delete_message', { name: role.name })}
              confirmLabel={t('common.delete')}
              onConfirm={() => remove.mutateAsync(role.id)}
            >
              {t('common.delete')}
            </ConfirmButton>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap={0}>
      <SectionHeader
        title={t('settings.roles.title')}
        description={t('settings.roles.description')}
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({})}>
            {t('settings.roles.new')}
          </Button>
        }
      />
      {(error || remove.error) && <ProblemAlert error={error ?? remove.error} />}
      <DataTable
        testId="roles-table"
        columns={columns}
        rows={data?.items ?? []}
        rowKey={(role) => role.id}
        loading={isPending}
      />
      {editing && <RoleModal role={editing.role} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function RightBadges({ rights }: { rights: string[] }) {
  const { t } = useTranslation();
  const { data: catalogue } = useRightsCatalogue();
  if (catalogue && catalogue.length > 0 && catalogue.every((right) => rights.includes(right.code))) {
    return (
      <Badge variant="light" radius="sm" color="indigo" tt="none">
        {t('settings.roles.all_rights')}
      </Badge>
    );
  }
  const shown = rights.slice(0, 3);
  const rest = rights.slice(3);
  return (
    <Group gap={4}>
      {shown.map((right) => (
        <Badge key={right} variant="light" radius="sm" tt="none">
          {t(`rights.${right}`, { defaultValue: right })}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.map((right) => t(`rights.${right}`, { defaultValue: right })).join(', ')} multiline w={280}>
          <Badge variant="outline" radius="sm" color="gray" tt="none">
            {t('settings.roles.more', { count: rest.length })}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function RoleModal({ role, onClose }: { role?: Role; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveRole();
  const errors = useFieldErrors(save.error);
  const readOnly = Boolean(role?.builtin);
  const roleName = useRoleName();
  const [name, setName] = useState(role?.name ?? '');
  const [rights, setRights] = useState<string[]>(role?.rights ?? []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return onClose();
    save.mutate({ id: role?.id, input: { name: name.trim(), rights } }, { onSuccess: onClose });
  };

  const title = readOnly ? roleName(role!) : role ? t('settings.roles.edit_title') : t('settings.roles.new_title');
  return (
    <Modal opened onClose={onClose} title={title} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {readOnly && (
            <Text size="sm" c="dimmed">
              {t('settings.roles.builtin_hint')}
            </Text>
          )}
          {save.error && <ProblemAlert error={save.error} />}
          {!readOnly && (
            <TextInput
              label={t('settings.roles.name')}
              name="name"
              required
              data-autofocus
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.get('/name')}
            />
          )}
          <RightsChecklist value={rights} onChange={setRights} disabled={readOnly} error={errors.get('/rights')} />
          <Group justify="flex-end" mt="md">
            {readOnly ? (
              <Button onClick={onClose}>{t('common.close')}</Button>
            ) : (
              <>
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
