import { useState } from 'react';
import { ActionIcon, Button, Group, Modal, Popover, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fromSearchFilter, toSearchFilter, type CustomerFilters } from '../../api/customers';
import { isProblem } from '../../api/client';
import { useDeleteSavedSearch, useSavedSearches, useSaveSavedSearch, type SavedSearch } from '../../api/saved-searches';
import { FormDialog } from '../../components/FormDialog';
import { problemMessage, useFieldErrors } from '../../components/field-errors';
import { IconChevronDown, IconTrash } from '../../components/icons';
import { ProblemAlert } from '../../components/ProblemAlert';

interface SavedSearchesProps {
  filters: CustomerFilters;
  /** Replaces the list's filters with a saved search's. */
  onRun: (filters: CustomerFilters) => void;
}

/** Save the current search by name; list the saved ones to run or delete them. */
export function SavedSearches({ filters, onRun }: SavedSearchesProps) {
  const { t } = useTranslation();
  const { data: searches = [], error } = useSavedSearches();
  const remove = useDeleteSavedSearch();
  const [opened, setOpened] = useState(false);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<SavedSearch | null>(null);

  return (
    <Group gap="xs">
      <Popover position="bottom-start" shadow="md" withinPortal opened={opened} onChange={setOpened}>
        <Popover.Target>
          <Button
            variant="default"
            rightSection={<IconChevronDown size={14} />}
            onClick={() => setOpened((open) => !open)}
            data-testid="saved-searches"
          >
            {t('customers.saved.menu', { count: searches.length })}
          </Button>
        </Popover.Target>
        <Popover.Dropdown miw={280} p={6}>
          {error && (
            <Text c="red" size="sm" p="xs">
              {problemMessage(error, t)}
            </Text>
          )}
          {searches.length === 0 && (
            <Text c="dimmed" size="sm" p="xs">
              {t('customers.saved.none')}
            </Text>
          )}
          <Stack gap={2}>
            {searches.map((search) => (
              <Group key={search.id} gap={4} wrap="nowrap" justify="space-between">
                <Button
                  variant="subtle"
                  color="dark"
                  justify="flex-start"
                  fw={500}
                  style={{ flex: 1 }}
                  onClick={() => {
                    setOpened(false);
                    onRun(fromSearchFilter(search.search));
                  }}
                >
                  {search.name}
                </Button>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('customers.saved.delete', { name: search.name })}
                  title={t('customers.saved.delete', { name: search.name })}
                  onClick={() => {
                    setOpened(false);
                    setDeleting(search);
                  }}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Button variant="default" onClick={() => setSaving(true)}>
        {t('customers.saved.save')}
      </Button>
      {saving && <SaveSearchDialog filters={filters} onClose={() => setSaving(false)} />}
      <ProblemAlert error={remove.error} />
      {deleting && (
        <Modal opened onClose={() => setDeleting(null)} title={t('customers.saved.delete_title')} centered>
          <Text size="sm">{t('customers.saved.delete_message', { name: deleting.name })}</Text>
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={() => setDeleting(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(deleting.id, { onSettled: () => setDeleting(null) })}
            >
              {t('common.delete')}
            </Button>
          </Group>
        </Modal>
      )}
    </Group>
  );
}

function SaveSearchDialog({ filters, onClose }: { filters: CustomerFilters; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSavedSearch();
  const errors = useFieldErrors(save.error);
  const [name, setName] = useState('');
  // A taken name is the name's problem even when the API does not point at the field.
  const nameError =
    errors.get('/name') ?? (isProblem(save.error, 'saved_search.name_taken') ? problemMessage(save.error, t) : undefined);

  return (
    <FormDialog
      title={t('customers.saved.save_title')}
      onClose={onClose}
      onSubmit={() => save.mutate({ input: { name: name.trim(), search: toSearchFilter(filters) } }, { onSuccess: onClose })}
      error={nameError ? null : save.error}
      saving={save.isPending}
      submitLabel={t('common.save')}
    >
      <TextInput
        label={t('customers.saved.name')}
        placeholder={t('customers.saved.name_hint')}
        name="saved_search_name"
        required
        data-autofocus
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={nameError}
      />
    </FormDialog>
  );
}
