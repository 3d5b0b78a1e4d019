import type { ReactNode } from 'react';
import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../api/customers';
import { DateText } from '../../components/DateText';
import { IconArrowLeft } from '../../components/icons';

export function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/customers" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('customer.back')}
      </Group>
    </Anchor>
  );
}

/** When the customer was made and changed, and their ids in other systems. */
export function CustomerFacts({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const externalIds = Object.entries(customer.external_ids ?? {});
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="xs">
        <Fact label={t('customer.created_at')}>
          <DateText size="sm" value={customer.created_at} withTime data-testid="created-at" />
        </Fact>
        <Fact label={t('customer.updated_at')}>
          <DateText size="sm" value={customer.updated_at} withTime />
        </Fact>
        {externalIds.map(([system, id]) => (
          <Fact key={system} label={t('customer.external_id', { system })}>
            <Text size="sm" ff="monospace">
              {id}
            </Text>
          </Fact>
        ))}
      </Stack>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {children}
    </Group>
  );
}
