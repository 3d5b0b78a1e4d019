import { useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  CUSTOM_FIELD_TYPES,
  useCustomFields,
  useDeleteCustomField,
  useSaveCustomField,
  type CustomField,
  type CustomFieldType,
} from '../../api/custom-fields';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable, type Column } from '../../components/DataTable';
import { useFieldErrors } from '../../components/field-errors';
import { IconPlus } from '../../components/icons';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionHeader } from '../../components/SectionHeader';

type Editing = { field?: CustomField } | null;

export function CustomFields() {
  const { t } = useTranslation();
  const { data: fields = [], isPending, error } = useCustomFields();
  const remove = useDeleteCustomField();
  const [editing, setEditing] = useState<Editing>(null);

  const columns: Column<CustomField>[] = [
    { key: 'label', header: t('settings.custom_fields.label'), render: (field) => <Text size="sm" fw={500}>{field.label}</Text> },
    { key: 'key', header: t('settings.custom_fields.key'), render: (field) => <Text size="sm" ff="monospace">{field.key}</Text> },
    {
      key: 'type',
      header: t('settings.custom_fields.type'),
      render: (field) => (
        <Group gap={4}>
          <Badge variant="light" radius="sm">
            {t(`settings.custom_fields.types.${field.type}`)}
          </Badge>
          {field.type === 'choice' && (
            <Text size="xs" c="dimmed">
              {field.options.join(', ')}
            </Text>
          )}
        </Group>
      ),
    },
    {
      key: 'required',
      header: t('settings.custom_fields.required'),
      render: (field) => (field.required ? t('common.yes') : t('common.no')),
    },
    { key: 'sort_order', header: t('settings.custom_fields.sort_order'), render: (field) => field.sort_order, align: 'right' },
    {
      key: 'actions',
      header: '',
      align: 'right',
      render: (field) => (
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          <Button size="xs" variant="default" onClick={() => setEditing({ field })}>
            {t('common.edit')}
          </Button>
          <ConfirmButton
            size="xs"
            title={t('settings.custom_fields.delete_title')}
            message={t('settings.custom_fields.delete_message', { label: field.label })}
            confirmLabel={t('common.delete')}
            onConfirm={() => remove.mutateAsync(field.id)}
          >
            {t('common.delete')}
          </ConfirmButton>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap={0}>
      <SectionHeader
        title={t('settings.custom_fields.title')}
        description={t('settings.custom_fields.description')}
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({})}>
            {t('settings.custom_fields.new')}
          </Button>
        }
      />
      {(error || remove.error) && <ProblemAlert error={error ?? remove.error} />}
      <DataTable
        testId="custom-fields-table"
        columns={columns}
        rows={fields}
        rowKey={(field) => field.id}
        loading={isPending}
        empty={t('settings.custom_fields.empty')}
      />
      {editing && (
        <CustomFieldModal field={editing.field} nextSortOrder={fields.length} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}

/** `Date of birth` -> `date_of_birth`: a key proposal the merchant can still change. */
function keyFromLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}

function CustomFieldModal({ field, nextSortOrder, onClose }: { field?: CustomField; nextSortOrder: number; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveCustomField();
  const errors = useFieldErrors(save.error);
  const [label, setLabel] = useState(field?.label ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(field?.options ?? []);
  const [required, setRequired] = useState(field?.required ?? false);
  const [sortOrder, setSortOrder] = useState<number>(field?.sort_order ?? nextSortOrder);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Key and type are fixed once created: stored values depend on them.
    const input = {
      label: label.trim(),
      ...(type === 'choice' ? { options } : {}),
      required,
      sort_order: sortOrder,
      ...(field ? {} : { key: key.trim(), type }),
    };
    save.mutate({ id: field?.id, input }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={field ? t('settings.custom_fields.edit_title') : t('settings.custom_fields.new_title')}
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {save.error && <ProblemAlert error={save.error} />}
          <TextInput
            label={t('settings.custom_fields.label')}
            name="label"
            required
            data-autofocus
            value={label}
            onChange={(event) => {
              const next = event.currentTarget.value;
              setLabel(next);
              if (!keyTouched) setKey(keyFromLabel(next));
            }}
            error={errors.get('/label')}
          />
          <TextInput
            label={t('settings.custom_fields.key')}
            description={field ? t('settings.custom_fields.key_fixed') : t('settings.custom_fields.key_hint')}
            name="key"
            required
            disabled={Boolean(field)}
            value={key}
            onChange={(event) => {
              setKeyTouched(true);
              setKey(event.currentTarget.value);
            }}
            error={errors.get('/key')}
            ff="monospace"
          />
          <Select
            label={t('settings.custom_fields.type')}
            data={CUSTOM_FIELD_TYPES.map((value) => ({ value, label: t(`settings.custom_fields.types.${value}`) }))}
            value={type}
            onChange={(value) => value && setType(value as CustomFieldType)}
            allowDeselect={false}
            disabled={Boolean(field)}
            error={errors.get('/type')}
            data-testid="custom-field-type"
          />
          {type === 'choice' && (
            <TagsInput
              label={t('settings.custom_fields.options')}
              description={t('settings.custom_fields.options_hint')}
              value={options}
              onChange={setOptions}
              error={errors.get('/options')}
              name="options"
            />
          )}
          <NumberInput
            label={t('settings.custom_fields.sort_order')}
            value={sortOrder}
            onChange={(value) => setSortOrder(typeof value === 'number' ? value : Number(value) || 0)}
            allowDecimal={false}
            error={errors.get('/sort_order')}
          />
          <Switch
            label={t('settings.custom_fields.required_hint')}
            checked={required}
            onChange={(event) => setRequired(event.currentTarget.checked)}
            mt="xs"
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
