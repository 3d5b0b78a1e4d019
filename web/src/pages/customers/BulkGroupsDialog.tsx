import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerFilters } from '../../api/customers';
import { useBulkGroupCustomers } from '../../api/groups';
import { useFieldErrors } from '../../components/field-errors';
import { GroupPicker } from '../../components/GroupPicker';
import { ProblemAlert } from '../../components/ProblemAlert';

interface BulkGroupsDialogProps {
  filters: CustomerFilters;
  /** How many customers the search matches now: the dialog asks before touching them. */
  total: number | undefined;
  onClose: () => void;
}

/**
 * Puts every customer the search matches in static groups, or takes them out, in one go, then says how many
 * changed.
 */
export function BulkGroupsDialog({ filters, total, onClose }: BulkGroupsDialogProps) {
  const { t } = useTranslation();
  const bulk = useBulkGroupCustomers();
  const errors = useFieldErrors(bulk.error);
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const nothing = add.length === 0 && remove.length === 0;

  return (
    <Modal opened onClose={onClose} title={t('customerGroups.bulk.title')} centered size="lg">
      {bulk.data ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" data-testid="bulk-groups-result">
            {t('customerGroups.bulk.result', { count: bulk.data.changed, matched: bulk.data.matched })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <ProblemAlert error={bulk.error} />
          <GroupPicker
            label={t('customerGroups.bulk.add')}
            value={add}
            onChange={setAdd}
            error={errors.get('/add')}
            data-testid="bulk-groups-add"
          />
          <GroupPicker
            label={t('customerGroups.bulk.remove')}
            value={remove}
            onChange={setRemove}
            error={errors.get('/remove')}
            data-testid="bulk-groups-remove"
          />
          <Text size="sm" data-testid="bulk-groups-count">
            {total === undefined ? t('customers.bulk.hint') : t('customers.bulk.count', { count: total })}
          </Text>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              disabled={nothing || total === 0}
              loading={bulk.isPending}
              onClick={() => bulk.mutate({ filters, add, remove })}
              data-testid="bulk-groups-apply"
            >
              {t('customers.bulk.apply', { count: total ?? 0 })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
