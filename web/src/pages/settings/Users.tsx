import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Input, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRoles, type Role } from '../../api/roles';
import { useSession, type Locale } from '../../api/session';
import { useCreateUser, useDeleteUser, useUpdateUser, useUsers, type User } from '../../api/users';
import type { Column } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { ListWithDialog } from '../../components/ListWithDialog';
import { RowActions } from '../../components/RowActions';
import { useRoleName } from '../../components/role-name';

export function Users() {
  const { t } = useTranslation();
  const { data, isPending, error } = useUsers();
  const { data: roles } = useRoles();
  const { data: session } = useSession();
  const updateUser = useUpdateUser();
  const deleteUser = useDeleteUser();
  const nameOf = useRoleName();
  const roleName = new Map((roles?.items ?? []).map((role) => [role.id, nameOf(role)]));

  const columns = (open: (user: User) => void): Column<User>[] => [
    {
      key: 'name',
      header: t('settings.users.name'),
      render: (user) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'roles',
      header: t('settings.users.roles'),
      render: (user) => (
        <Group gap={4}>
          {user.role_ids.map((id) => (
            <Badge key={id} variant="light" radius="sm" tt="none">
              {roleName.get(id) ?? id}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'status',
      header: t('settings.users.status'),
      render: (user) =>
        user.disabled ? (
          <Badge color="gray" variant="light">
            {t('settings.users.disabled')}
          </Badge>
        ) : (
          <Badge color="teal" variant="light">
            {t('settings.users.active')}
          </Badge>
        ),
    },
    { key: 'created_at', header: t('settings.users.created_at'), render: (user) => <DateText size="sm" value={user.created_at} /> },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (user) => {
        const isMe = user.id === session?.user.id;
        return (
          <RowActions
            onEdit={() => open(user)}
            remove={
              !isMe && {
                title: t('settings.users.delete_title'),
                message: t('settings.users.delete_message', { name: user.name }),
                onConfirm: () => deleteUser.mutateAsync(user.id),
              }
            }
          >
            {!isMe && (
              <Button
                size="xs"
                variant="default"
                loading={updateUser.isPending && updateUser.variables?.id === user.id}
                onClick={() => updateUser.mutate({ id: user.id, input: { disabled: !user.disabled } })}
              >
                {user.disabled ? t('settings.users.enable') : t('settings.users.disable')}
              </Button>
            )}
          </RowActions>
        );
      },
    },
  ];

  return (
    <ListWithDialog
      title={t('settings.users.title')}
      description={t('settings.users.description')}
      newLabel={t('settings.users.new')}
      error={error ?? updateUser.error ?? deleteUser.error}
      testId="users-table"
      columns={columns}
      rows={data?.items ?? []}
      rowKey={(user) => user.id}
      loading={isPending}
      totalLabel={data ? t('settings.users.count', { count: data.total }) : undefined}
      dialog={(user, close) => <UserModal user={user} roles={roles?.items ?? []} onClose={close} />}
    />
  );
}

function UserModal({ user, roles, onClose }: { user?: User; roles: Role[]; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const update = useUpdateUser();
  const mutation = user ? update : create;
  const errors = useFieldErrors(mutation.error);
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [password, setPassword] = useState('');
  const [roleIds, setRoleIds] = useState<string[]>(user?.role_ids ?? []);
  const [locale, setLocale] = useState<string>(user?.locale ?? 'store');
  const roleName = useRoleName();

  const submit = () => {
    const chosenLocale = locale === 'store' ? null : (locale as Locale);
    if (user) {
      update.mutate(
        {
          id: user.id,
          input: { name: name.trim(), role_ids: roleIds, locale: chosenLocale, ...(password ? { password } : {}) },
        },
        { onSuccess: onClose },
      );
    } else {
      create.mutate(
        { name: name.trim(), email: email.trim(), password, role_ids: roleIds, locale: chosenLocale },
        { onSuccess: onClose },
      );
    }
  };

  return (
    <FormDialog
      title={user ? t('settings.users.edit_title') : t('settings.users.new_title')}
      onClose={onClose}
      onSubmit={submit}
      error={mutation.error}
      saving={mutation.isPending}
      submitLabel={user ? t('common.save') : t('settings.users.create')}
    >
      <TextInput
        label={t('settings.users.name')}
        name="name"
        required
        data-autofocus
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={errors.get('/name')}
      />
      <TextInput
        label={t('settings.users.email')}
        name="email"
        type="email"
        required
        disabled={Boolean(user)}
        value={email}
        onChange={(event) => setEmail(event.currentTarget.value)}
        error={errors.get('/email')}
      />
      <PasswordInput
        label={user ? t('settings.users.new_password') : t('settings.users.password')}
        description={user ? t('settings.users.new_password_hint') : undefined}
        name="password"
        required={!user}
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.currentTarget.value)}
        error={errors.get('/password')}
      />
      <Input.Wrapper label={t('settings.users.roles')} error={errors.get('/role_ids')}>
        <Checkbox.Group value={roleIds} onChange={setRoleIds}>
          <Stack gap="xs" mt="xs">
            {roles.map((role) => (
              <Checkbox key={role.id} value={role.id} label={roleName(role)} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Input.Wrapper>
      <Select
        label={t('settings.users.locale')}
        data={[
          { value: 'store', label: t('settings.users.locale_store') },
          { value: 'en', label: t('language.en') },
          { value: 'fr', label: t('language.fr') },
        ]}
        value={locale}
        onChange={(value) => value && setLocale(value)}
        allowDeselect={false}
        error={errors.get('/locale')}
      />
    </FormDialog>
  );
}
