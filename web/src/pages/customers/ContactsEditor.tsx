import { ActionIcon, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../components/field-errors';
import { IconPlus, IconTrash, IconX } from '../../components/icons';
import { emptyContact, type ContactValues } from './customer-form';

interface ContactsEditorProps {
  contacts: ContactValues[];
  onChange: (contacts: ContactValues[]) => void;
  errors: FieldErrors;
  readOnly: boolean;
}

export function ContactsEditor({ contacts, onChange, errors, readOnly }: ContactsEditorProps) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<ContactValues>) =>
    onChange(contacts.map((contact, i) => (i === index ? { ...contact, ...patch } : contact)));

  return (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" mb="md">
        <Title order={3} size="h5">
          {t('customer.contacts.title')}
        </Title>
        {!readOnly && (
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...contacts, emptyContact()])}
          >
            {t('customer.contacts.add')}
          </Button>
        )}
      </Group>
      {errors.get('/contacts') && (
        <Text c="red" size="sm" mb="sm">
          {errors.get('/contacts')}
        </Text>
      )}
      {contacts.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('customer.contacts.none')}
        </Text>
      )}
      <Stack gap="sm">
        {contacts.map((contact, index) => (
          <Paper key={contact.key} bg="gray.0" radius="md" p="md" data-testid={`contact-${index}`}>
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={600} c="dimmed">
                {t('customer.contacts.item', { number: index + 1 })}
              </Text>
              {!readOnly && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => onChange(contacts.filter((_, i) => i !== index))}
                  aria-label={t('customer.contacts.remove')}
                  title={t('customer.contacts.remove')}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
            {errors.get(`/contacts/${index}`) && (
              <Text c="red" size="sm" mb="xs">
                {errors.get(`/contacts/${index}`)}
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('customer.contacts.name')}
                name={`contacts.${index}.name`}
                value={contact.name}
                onChange={(event) => update(index, { name: event.currentTarget.value })}
                error={errors.get(`/contacts/${index}/name`)}
              />
              <TextInput
                label={t('customer.contacts.email')}
                name={`contacts.${index}.email`}
                type="email"
                value={contact.email}
                onChange={(event) => update(index, { email: event.currentTarget.value })}
                error={errors.get(`/contacts/${index}/email`)}
              />
            </SimpleGrid>
            <Stack gap={6} mt="sm">
              <Text size="sm" fw={500}>
                {t('customer.contacts.phones')}
              </Text>
              {errors.get(`/contacts/${index}/phones`) && (
                <Text c="red" size="xs">
                  {errors.get(`/contacts/${index}/phones`)}
                </Text>
              )}
              {contact.phones.map((phone, phoneIndex) => (
                <Group key={phoneIndex} gap="xs" wrap="nowrap" align="flex-start">
                  <TextInput
                    style={{ flex: 1 }}
                    type="tel"
                    name={`contacts.${index}.phones.${phoneIndex}`}
                    aria-label={t('customer.contacts.phone_number', { number: phoneIndex + 1 })}
                    placeholder="+33 1 23 45 67 89"
                    value={phone}
                    onChange={(event) =>
                      update(index, {
                        phones: contact.phones.map((p, i) => (i === phoneIndex ? event.currentTarget.value : p)),
                      })
                    }
                    error={errors.get(`/contacts/${index}/phones/${phoneIndex}`)}
                  />
                  {!readOnly && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      mt={6}
                      onClick={() => update(index, { phones: contact.phones.filter((_, i) => i !== phoneIndex) })}
                      aria-label={t('customer.contacts.remove_phone')}
                      title={t('customer.contacts.remove_phone')}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {!readOnly && (
                <Button
                  variant="subtle"
                  size="compact-xs"
                  w="fit-content"
                  leftSection={<IconPlus size={12} />}
                  onClick={() => update(index, { phones: [...contact.phones, ''] })}
                >
                  {t('customer.contacts.add_phone')}
                </Button>
              )}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
