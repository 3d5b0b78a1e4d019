import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { toSearchFilter, useBulkTagCustomers, type CustomerFilters } from '../../api/customers';
import { useFieldErrors } from '../../components/field-errors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TagPicker } from '../../components/TagPicker';

interface BulkTagsDialogProps {
  filters: CustomerFilters;
  /** How many customers the search matches now: the dialog asks before touching them. */
  total: number | undefined;
  onClose: () => void;
}

/** Gives tags to, or takes them from, every customer the search matches, then says how many changed. */
export function BulkTagsDialog({ filters, total, onClose }: BulkTagsDialogProps) {
  const { t } = useTranslation();
  const bulk = useBulkTagCustomers();
  const errors = useFieldErrors(bulk.error);
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const { sort: _sort, ...search } = toSearchFilter(filters);
  const nothing = add.length === 0 && remove.length === 0;

  return (
    <Modal opened onClose={onClose} title={t('customers.bulk.title')} centered size="lg">
      {bulk.data ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" data-testid="bulk-result">
            {t('customers.bulk.result', { count: bulk.data.changed, matched: bulk.data.matched })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <ProblemAlert error={bulk.error} />
          <TagPicker
            mode="assign"
            label={t('customers.bulk.add')}
            value={add}
            onChange={setAdd}
            error={errors.get('/add')}
            data-testid="bulk-add"
          />
          <TagPicker
            mode="search"
            label={t('customers.bulk.remove')}
            value={remove}
            onChange={setRemove}
            error={errors.get('/remove')}
            data-testid="bulk-remove"
          />
          <Text size="sm" data-testid="bulk-count">
            {total === undefined ? t('customers.bulk.hint') : t('customers.bulk.count', { count: total })}
          </Text>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              disabled={nothing || total === 0}
              loading={bulk.isPending}
              onClick={() => bulk.mutate({ search, add, remove })}
              data-testid="bulk-apply"
            >
              {t('customers.bulk.apply', { count: total ?? 0 })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
