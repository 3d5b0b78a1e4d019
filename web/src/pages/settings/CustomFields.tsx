import { useState } from 'react';
import { Badge, Group, NumberInput, Select, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  CUSTOM_FIELD_TYPES,
  useCustomFields,
  useDeleteCustomField,
  useSaveCustomField,
  type CustomField,
  type CustomFieldType,
} from '../../api/custom-fields';
import type { Column } from '../../components/DataTable';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { ListWithDialog } from '../../components/ListWithDialog';
import { RowActions } from '../../components/RowActions';

export function CustomFields() {
  const { t } = useTranslation();
  const { data: fields = [], isPending, error } = useCustomFields();
  const remove = useDeleteCustomField();

  const columns = (open: (field: CustomField) => void): Column<CustomField>[] => [
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
        <RowActions
          onEdit={() => open(field)}
          remove={{
            title: t('settings.custom_fields.delete_title'),
            message: t('settings.custom_fields.delete_message', { label: field.label }),
            onConfirm: () => remove.mutateAsync(field.id),
          }}
        />
      ),
    },
  ];

  return (
    <ListWithDialog
      title={t('settings.custom_fields.title')}
      description={t('settings.custom_fields.description')}
      newLabel={t('settings.custom_fields.new')}
      error={error ?? remove.error}
      testId="custom-fields-table"
      columns={columns}
      rows={fields}
      rowKey={(field) => field.id}
      loading={isPending}
      empty={t('settings.custom_fields.empty')}
      dialog={(field, close) => <CustomFieldModal field={field} nextSortOrder={fields.length} onClose={close} />}
    />
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

  const submit = () => {
    // Key and type are fixed once created: stored values depend on them.
    const changes = { label: label.trim(), ...(type === 'choice' ? { options } : {}), required, sort_order: sortOrder };
    save.mutate(field ? { id: field.id, input: changes } : { input: { ...changes, key: key.trim(), type } }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={field ? t('settings.custom_fields.edit_title') : t('settings.custom_fields.new_title')}
      onClose={onClose}
      onSubmit={submit}
      error={save.error}
      saving={save.isPending}
      submitLabel={t('common.save')}
    >
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
    </FormDialog>
  );
}
