import type { ReactNode } from 'react';
import { Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../api/customers';
import { DateText } from '../../components/DateText';
import { useFormatters } from '../../components/format';
import { MoneyText } from '../../components/MoneyText';

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

/** What the customer has bought: their tallies, kept by the server as sales are recorded. */
export function CustomerSalesFacts({ customer, currency }: { customer: Customer; currency: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  // The margin as a share of sales, to one decimal; none without sales.
  const marginRate = customer.total_sales > 0 ? customer.gross_margin / customer.total_sales : null;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" data-testid="sales-facts">
      <Stat label={t('customer.sales.order_count')} testId="fact-order-count" value={format.number(customer.order_count)}>
        <Text size="xs" c="dimmed">
          {t('customer.sales.first_purchase')} <DateText size="xs" value={customer.first_purchase_at} data-testid="fact-first-purchase" />
        </Text>
      </Stat>
      <Stat label={t('customer.sales.total_sales')} testId="fact-total-sales" value={<MoneyText inherit amountMinor={customer.total_sales} currency={currency} />}>
        <Text size="xs" c="dimmed">
          {t('customer.sales.last_purchase')} <DateText size="xs" value={customer.last_purchase_at} data-testid="fact-last-purchase" />
        </Text>
      </Stat>
      <Stat
        label={t('customer.sales.average_order_size')}
        testId="fact-average-order"
        value={<MoneyText inherit amountMinor={customer.average_order_size} currency={currency} />}
      >
        <Text size="xs" c="dimmed">
          {t('customer.sales.average_hint')}
        </Text>
      </Stat>
      <Stat label={t('customer.sales.gross_margin')} testId="fact-gross-margin" value={<MoneyText inherit amountMinor={customer.gross_margin} currency={currency} />}>
        <Text size="xs" c="dimmed">
          {marginRate === null
            ? '—'
            : t('customer.sales.margin_rate', {
                rate: new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(marginRate),
              })}
        </Text>
      </Stat>
    </SimpleGrid>
  );
}

function Stat({ label, value, testId, children }: { label: string; value: ReactNode; testId: string; children?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={22} fw={600} lh={1.3} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {value}
      </Text>
      {children}
    </Paper>
  );
}
