import { ActionIcon, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CardList } from '../../components/CardList';
import type { FieldErrors } from '../../components/field-errors';
import { IconPlus, IconX } from '../../components/icons';
import { emptyContact, type ContactValues } from './customer-form';

interface ContactsEditorProps {
  contacts: ContactValues[];
  onChange: (contacts: ContactValues[]) => void;
  errors: FieldErrors;
  readOnly: boolean;
}

export function ContactsEditor({ contacts, onChange, errors, readOnly }: ContactsEditorProps) {
  const { t } = useTranslation();
  return (
    <CardList
      title={t('customer.contacts.title')}
      addLabel={t('customer.contacts.add')}
      removeLabel={t('customer.contacts.remove')}
      none={t('customer.contacts.none')}
      items={contacts}
      onChange={onChange}
      newItem={emptyContact}
      itemTitle={(_, index) => t('customer.contacts.item', { number: index + 1 })}
      errors={errors}
      pointer="/contacts"
      testIdPrefix="contact"
      readOnly={readOnly}
    >
      {(contact, index, update) => (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('customer.contacts.name')}
              name={`contacts.${index}.name`}
              value={contact.name}
              onChange={(event) => update({ name: event.currentTarget.value })}
              error={errors.get(`/contacts/${index}/name`)}
            />
            <TextInput
              label={t('customer.contacts.email')}
              name={`contacts.${index}.email`}
              type="email"
              value={contact.email}
              onChange={(event) => update({ email: event.currentTarget.value })}
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
                    update({
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
                    onClick={() => update({ phones: contact.phones.filter((_, i) => i !== phoneIndex) })}
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
                onClick={() => update({ phones: [...contact.phones, ''] })}
              >
                {t('customer.contacts.add_phone')}
              </Button>
            )}
          </Stack>
        </>
      )}
    </CardList>
  );
}
