import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFieldErrors } from '../../components/field-errors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { matchCount } from './match-count';

/** What one picker of the dialog gets: its label, ids, error and data-testid. */
export interface BulkPickerField {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
  'data-testid': string;
}

interface BulkDialogProps {
  /** Where the texts are: `<prefix>.title`, `<prefix>.add`, `<prefix>.remove`, `<prefix>.result`. */
  i18nPrefix: string;
  /** Prefix of the data-testid attributes: `<prefix>-add`, `<prefix>-remove`, `<prefix>-count`, `<prefix>-apply`, `<prefix>-result`. */
  testId: string;
  /** How many customers the search matches now: the dialog asks before touching them. */
  total: number | undefined;
  /** The total is a text lookup's cap: more customers match, and every one of them changes. */
  capped: boolean;
  /** The bulk change's mutation: its answer once done, its problem, whether it runs. */
  mutation: { data?: { changed: number; matched: number }; error: unknown; isPending: boolean };
  onApply: (change: { add: string[]; remove: string[] }) => void;
  /** The picker of ids to add (`which` is "add") or to remove. */
  picker: (which: 'add' | 'remove', field: BulkPickerField) => ReactNode;
  onClose: () => void;
}

/**
 * A change to every customer a search matches: what to add and what to remove, the count it will touch and a
 * confirmation, then how many changed.
 */
export function BulkDialog({ i18nPrefix, testId, total, capped, mutation, onApply, picker, onClose }: BulkDialogProps) {
  const { t } = useTranslation();
  const errors = useFieldErrors(mutation.error);
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const nothing = add.length === 0 && remove.length === 0;
  const field = (which: 'add' | 'remove', value: string[], onChange: (ids: string[]) => void): BulkPickerField => ({
    label: t(`${i18nPrefix}.${which}`),
    value,
    onChange,
    error: errors.get(`/${which}`),
    'data-testid': `${testId}-${which}`,
  });

  return (
    <Modal opened onClose={onClose} title={t(`${i18nPrefix}.title`)} centered size="lg">
      {mutation.data ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" data-testid={`${testId}-result`}>
            {t(`${i18nPrefix}.result`, { count: mutation.data.changed, matched: mutation.data.matched })}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <ProblemAlert error={mutation.error} />
          {picker('add', field('add', add, setAdd))}
          {picker('remove', field('remove', remove, setRemove))}
          <Text size="sm" data-testid={`${testId}-count`}>
            {total === undefined
              ? t('customers.bulk.hint')
              : matchCount(t, 'customers.bulk.count', total, capped)}
          </Text>
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              disabled={nothing || total === 0}
              loading={mutation.isPending}
              onClick={() => onApply({ add, remove })}
              data-testid={`${testId}-apply`}
            >
              {matchCount(t, 'customers.bulk.apply', total ?? 0, capped)}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
