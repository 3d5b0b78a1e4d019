import { useState } from 'react';
import { Badge, Group, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRightsCatalogue, type RightCode } from '../../api/rights';
import { useDeleteRole, useRoles, useSaveRole, type Role } from '../../api/roles';
import type { Column } from '../../components/DataTable';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { ListWithDialog } from '../../components/ListWithDialog';
import { RightsChecklist } from '../../components/RightsChecklist';
import { RowActions } from '../../components/RowActions';
import { useRoleName } from '../../components/role-name';

export function Roles() {
  const { t } = useTranslation();
  const { data, isPending, error } = useRoles();
  const remove = useDeleteRole();
  const roleName = useRoleName();

  const columns = (open: (role: Role) => void): Column<Role>[] => [
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
        <RowActions
          onEdit={() => open(role)}
          editLabel={role.builtin ? t('common.view') : t('common.edit')}
          remove={
            !role.builtin && {
              title: t('settings.roles.delete_title'),
              message: t('settings.roles.delete_message', { name: role.name }),
              onConfirm: () => remove.mutateAsync(role.id),
            }
          }
        />
      ),
    },
  ];

  return (
    <ListWithDialog
      title={t('settings.roles.title')}
      description={t('settings.roles.description')}
      newLabel={t('settings.roles.new')}
      error={error ?? remove.error}
      testId="roles-table"
      columns={columns}
      rows={data?.items ?? []}
      rowKey={(role) => role.id}
      loading={isPending}
      dialog={(role, close) => <RoleModal role={role} onClose={close} />}
    />
  );
}

function RightBadges({ rights }: { rights: RightCode[] }) {
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
  const [rights, setRights] = useState<RightCode[]>(role?.rights ?? []);

  const title = readOnly ? roleName(role!) : role ? t('settings.roles.edit_title') : t('settings.roles.new_title');
  return (
    <FormDialog
      title={title}
      size="lg"
      onClose={onClose}
      onSubmit={() => save.mutate({ id: role?.id, input: { name: name.trim(), rights } }, { onSuccess: onClose })}
      error={save.error}
      saving={save.isPending}
      submitLabel={t('common.save')}
      readOnly={readOnly}
    >
      {readOnly && (
        <Text size="sm" c="dimmed">
          {t('settings.roles.builtin_hint')}
        </Text>
      )}
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
    </FormDialog>
  );
}
