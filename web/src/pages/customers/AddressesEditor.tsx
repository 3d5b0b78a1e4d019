import { ActionIcon, Button, Checkbox, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CountrySelect } from '../../components/CountrySelect';
import type { FieldErrors } from '../../components/field-errors';
import { IconPlus, IconTrash } from '../../components/icons';
import { emptyAddress, type AddressValues } from './customer-form';

interface AddressesEditorProps {
  addresses: AddressValues[];
  onChange: (addresses: AddressValues[]) => void;
  errors: FieldErrors;
  readOnly: boolean;
}

type TextField = 'label' | 'line1' | 'line2' | 'postal_code' | 'city' | 'region';

export function AddressesEditor({ addresses, onChange, errors, readOnly }: AddressesEditorProps) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<AddressValues>) =>
    onChange(addresses.map((address, i) => (i === index ? { ...address, ...patch } : address)));

  // One default billing and one default shipping address; a default is always usable for its purpose.
  const makeDefault = (index: number, purpose: 'billing' | 'shipping') =>
    onChange(
      addresses.map((address, i) =>
        purpose === 'billing'
          ? { ...address, is_default_billing: i === index, is_billing: i === index ? true : address.is_billing }
          : { ...address, is_default_shipping: i === index, is_shipping: i === index ? true : address.is_shipping },
      ),
    );

  const textInput = (index: number, address: AddressValues, field: TextField, required = false) => (
    <TextInput
      label={t(`customer.addresses.${field}`)}
      name={`addresses.${index}.${field}`}
      value={address[field]}
      required={required}
      onChange={(event) => update(index, { [field]: event.currentTarget.value })}
      error={errors.get(`/addresses/${index}/${field}`)}
    />
  );

  return (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" mb="md">
        <Title order={3} size="h5">
          {t('customer.addresses.title')}
        </Title>
        {!readOnly && (
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...addresses, emptyAddress(addresses.length === 0)])}
          >
            {t('customer.addresses.add')}
          </Button>
        )}
      </Group>
      {errors.get('/addresses') && (
        <Text c="red" size="sm" mb="sm">
          {errors.get('/addresses')}
        </Text>
      )}
      {addresses.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('customer.addresses.none')}
        </Text>
      )}
      <Stack gap="sm">
        {addresses.map((address, index) => (
          <Paper key={address.key} bg="gray.0" radius="md" p="md" data-testid={`address-${index}`}>
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={600} c="dimmed">
                {address.label || t('customer.addresses.item', { number: index + 1 })}
              </Text>
              {!readOnly && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => onChange(addresses.filter((_, i) => i !== index))}
                  aria-label={t('customer.addresses.remove')}
                  title={t('customer.addresses.remove')}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
            {errors.get(`/addresses/${index}`) && (
              <Text c="red" size="sm" mb="xs">
                {errors.get(`/addresses/${index}`)}
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {textInput(index, address, 'label')}
              <div />
              {textInput(index, address, 'line1')}
              {textInput(index, address, 'line2')}
              {textInput(index, address, 'postal_code')}
              {textInput(index, address, 'city')}
              {textInput(index, address, 'region')}
              <CountrySelect
                label={t('customer.addresses.country')}
                name={`addresses.${index}.country`}
                value={address.country}
                onChange={(country) => update(index, { country })}
                error={errors.get(`/addresses/${index}/country`)}
                data-testid={`addresses.${index}.country`}
              />
            </SimpleGrid>
            <Group mt="md" gap="lg">
              <Checkbox
                label={t('customer.addresses.is_billing')}
                name={`addresses.${index}.is_billing`}
                checked={address.is_billing}
                onChange={(event) =>
                  update(index, {
                    is_billing: event.currentTarget.checked,
                    is_default_billing: event.currentTarget.checked && address.is_default_billing,
                  })
                }
                error={errors.get(`/addresses/${index}/is_billing`)}
              />
              <Checkbox
                label={t('customer.addresses.is_shipping')}
                name={`addresses.${index}.is_shipping`}
                checked={address.is_shipping}
                onChange={(event) =>
                  update(index, {
                    is_shipping: event.currentTarget.checked,
                    is_default_shipping: event.currentTarget.checked && address.is_default_shipping,
                  })
                }
                error={errors.get(`/addresses/${index}/is_shipping`)}
              />
              <Radio
                label={t('customer.addresses.is_default_billing')}
                name="default_billing"
                value={String(index)}
                checked={address.is_default_billing}
                onChange={() => makeDefault(index, 'billing')}
                error={errors.get(`/addresses/${index}/is_default_billing`)}
              />
              <Radio
                label={t('customer.addresses.is_default_shipping')}
                name="default_shipping"
                value={String(index)}
                checked={address.is_default_shipping}
                onChange={() => makeDefault(index, 'shipping')}
                error={errors.get(`/addresses/${index}/is_default_shipping`)}
              />
            </Group>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
