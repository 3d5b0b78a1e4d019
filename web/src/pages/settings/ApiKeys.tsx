import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey, type ApiKeyCreated } from '../../api/api-keys';
import { useRightsCatalogue, type RightCode } from '../../api/rights';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { Column } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { IconCheck, IconCopy } from '../../components/icons';
import { ListWithDialog } from '../../components/ListWithDialog';
import { RightsChecklist } from '../../components/RightsChecklist';

export function ApiKeys() {
  const { t } = useTranslation();
  const { data, isPending, error } = useApiKeys();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const { data: catalogue = [] } = useRightsCatalogue();
  const hasAll = (rights: RightCode[]) => catalogue.length > 0 && catalogue.every((right) => rights.includes(right.code));

  const columns: Column<ApiKey>[] = [
    { key: 'name', header: t('settings.api_keys.name'), render: (key) => <Text size="sm" fw={500}>{key.name}</Text> },
    { key: 'display', header: t('settings.api_keys.key'), render: (key) => <Code>{key.display}</Code> },
    {
      key: 'rights',
      header: t('settings.api_keys.rights'),
      render: (key) => (
        <Text size="sm" title={key.rights.map((right) => t(`rights.${right}`, { defaultValue: right })).join(', ')}>
          {hasAll(key.rights) ? t('settings.roles.all_rights') : t('settings.api_keys.rights_count', { count: key.rights.length })}
        </Text>
      ),
    },
    { key: 'created_at', header: t('settings.api_keys.created_at'), render: (key) => <DateText size="sm" value={key.created_at} /> },
    {
      key: 'last_used_at',
      header: t('settings.api_keys.last_used_at'),
      render: (key) => <DateText size="sm" value={key.last_used_at} withTime empty={t('settings.api_keys.never_used')} />,
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (key) =>
        key.revoked_at ? (
          <Badge color="gray" variant="light">
            {t('settings.api_keys.revoked')}
          </Badge>
        ) : (
          <ConfirmButton
            size="xs"
            title={t('settings.api_keys.revoke_title')}
            message={t('settings.api_keys.revoke_message', { name: key.name })}
            confirmLabel={t('settings.api_keys.revoke')}
            onConfirm={() => revoke.mutateAsync(key.id)}
          >
            {t('settings.api_keys.revoke')}
          </ConfirmButton>
        ),
    },
  ];

  return (
    <ListWithDialog
      title={t('settings.api_keys.title')}
      description={t('settings.api_keys.description')}
      newLabel={t('settings.api_keys.new')}
      error={error ?? revoke.error}
      testId="api-keys-table"
      columns={() => columns}
      rows={data?.items ?? []}
      rowKey={(key) => key.id}
      loading={isPending}
      empty={t('settings.api_keys.empty')}
      dialog={(_, close) => (
        <CreateApiKeyModal
          onClose={close}
          onCreated={(key) => {
            close();
            setCreated(key);
          }}
        />
      )}
    >
      {created && <SecretModal apiKey={created} onClose={() => setCreated(null)} />}
    </ListWithDialog>
  );
}

function CreateApiKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (key: ApiKeyCreated) => void }) {
  const { t } = useTranslation();
  const create = useCreateApiKey();
  const errors = useFieldErrors(create.error);
  const [name, setName] = useState('');
  const [rights, setRights] = useState<RightCode[]>([]);

  return (
    <FormDialog
      title={t('settings.api_keys.new_title')}
      size="lg"
      onClose={onClose}
      onSubmit={() => create.mutate({ name: name.trim(), rights }, { onSuccess: onCreated })}
      error={create.error}
      saving={create.isPending}
      submitLabel={t('settings.api_keys.create')}
    >
      <TextInput
        label={t('settings.api_keys.name')}
        description={t('settings.api_keys.name_hint')}
        name="name"
        required
        data-autofocus
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={errors.get('/name')}
      />
      <RightsChecklist value={rights} onChange={setRights} error={errors.get('/rights')} />
    </FormDialog>
  );
}

/** The secret exists on screen only here: closing the dialog forgets it. */
function SecretModal({ apiKey, onClose }: { apiKey: ApiKeyCreated; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('settings.api_keys.secret_title', { name: apiKey.name })}
      centered
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack gap="md">
        <Alert color="yellow" variant="light">
          {t('settings.api_keys.secret_once')}
        </Alert>
        <Group gap="xs" wrap="nowrap" align="stretch">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="api-key-secret">
            {apiKey.secret}
          </Code>
          <CopyButton value={apiKey.secret}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'light' : 'filled'}
                color={copied ? 'teal' : undefined}
                leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                onClick={copy}
                h="auto"
              >
                {copied ? t('settings.api_keys.copied') : t('settings.api_keys.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('settings.api_keys.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
