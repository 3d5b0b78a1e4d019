import { Checkbox, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../api/custom-fields';
import { DateField } from '../../components/DateField';
import type { FieldErrors } from '../../components/field-errors';
import { pointerSegment, type CustomFieldFormValue } from './customer-form';

interface CustomFieldsEditorProps {
  fields: CustomField[];
  values: Record<string, CustomFieldFormValue>;
  onChange: (key: string, value: CustomFieldFormValue) => void;
  errors: FieldErrors;
}

/** The store's own customer fields, each drawn by its type. */
export function CustomFieldsEditor({ fields, values, onChange, errors }: CustomFieldsEditorProps) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={3} size="h5" mb="md">
        {t('customer.custom_fields.title')}
      </Title>
      {errors.get('/custom_fields') && (
        <Text c="red" size="sm" mb="sm">
          {errors.get('/custom_fields')}
        </Text>
      )}
      <Stack gap="sm">
        {fields.map((field) => {
          const value = values[field.key] ?? null;
          const common = {
            label: field.label,
            required: field.required,
            name: `custom_fields.${field.key}`,
            'data-testid': `custom_fields.${field.key}`,
            error: errors.get(`/custom_fields/${pointerSegment(field.key)}`),
          };
          switch (field.type) {
            case 'number':
              return (
                <NumberInput
                  key={field.id}
                  {...common}
                  value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''}
                  onChange={(next) => onChange(field.key, next === '' ? null : typeof next === 'number' ? next : Number(next))}
                />
              );
            case 'date':
              return (
                <DateField
                  key={field.id}
                  {...common}
                  value={typeof value === 'string' ? value : null}
                  onChange={(next) => onChange(field.key, next)}
                />
              );
            case 'boolean':
              return (
                <Checkbox
                  key={field.id}
                  label={field.label}
                  name={common.name}
                  data-testid={common['data-testid']}
                  error={common.error}
                  checked={value === true}
                  onChange={(event) => onChange(field.key, event.currentTarget.checked)}
                />
              );
            case 'choice':
              return (
                <Select
                  key={field.id}
                  {...common}
                  data={field.options}
                  value={typeof value === 'string' ? value : null}
                  onChange={(next) => onChange(field.key, next)}
                  clearable={!field.required}
                />
              );
            default:
              return (
                <TextInput
                  key={field.id}
                  {...common}
                  value={typeof value === 'string' ? value : value === null ? '' : String(value)}
                  onChange={(event) => onChange(field.key, event.currentTarget.value)}
                />
              );
          }
        })}
      </Stack>
    </Paper>
  );
}
