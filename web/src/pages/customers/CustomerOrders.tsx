import { useState } from 'react';
import { ActionIcon, Badge, Center, Group, Loader, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomerSales, useSale, type SaleKind, type SaleSummary } from '../../api/sales';
import { DataTable, type Column } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { useFormatters } from '../../components/format';
import { IconChevronRight } from '../../components/icons';
import { MoneyText } from '../../components/MoneyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { pagedRows } from '../../components/paged';

const KIND_COLOURS: Record<SaleKind, string> = { sale: 'teal', return: 'orange', cancellation: 'red' };

/** The customer's sales, returns and cancellations, newest first; each unfolds into its lines. */
export function CustomerOrders({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const query = useCustomerSales(customerId);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const { rows, total, more } = pagedRows(query);

  const columns: Column<SaleSummary>[] = [
    {
      key: 'toggle',
      header: '',
      width: 44,
      render: (sale) => (
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-expanded={open.has(sale.id)}
          aria-label={open.has(sale.id) ? t('orders.hide_items') : t('orders.show_items')}
          onClick={(event) => {
            event.stopPropagation();
            toggle(sale.id);
          }}
          data-testid="order-toggle"
        >
          <IconChevronRight size={16} style={{ transform: open.has(sale.id) ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }} />
        </ActionIcon>
      ),
    },
    { key: 'occurred_at', header: t('orders.columns.date'), render: (sale) => <DateText size="sm" value={sale.occurred_at} withTime /> },
    {
      key: 'external_id',
      header: t('orders.columns.receipt'),
      render: (sale) => (
        <Group gap="xs" wrap="nowrap">
          <Text size="sm" ff="monospace">
            {sale.external_id}
          </Text>
          {sale.kind !== 'sale' && (
            <Badge size="sm" variant="light" color={KIND_COLOURS[sale.kind]} radius="sm" data-testid="order-kind">
              {t(`orders.kind.${sale.kind}`)}
            </Badge>
          )}
        </Group>
      ),
    },
    {
      key: 'channel',
      header: t('orders.columns.channel'),
      render: (sale) => (sale.channel ? <Text size="sm">{sale.channel}</Text> : <Text c="dimmed">—</Text>),
    },
    { key: 'items', header: t('orders.columns.items'), align: 'right', render: (sale) => <Text size="sm">{sale.item_count}</Text> },
    {
      key: 'net',
      header: t('orders.columns.net'),
      align: 'right',
      render: (sale) => <MoneyText size="sm" amountMinor={sale.net} currency={sale.currency} />,
    },
    {
      key: 'total',
      header: t('orders.columns.total'),
      align: 'right',
      render: (sale) => <MoneyText size="sm" fw={500} amountMinor={sale.total} currency={sale.currency} />,
    },
  ];

  return (
    <Stack gap="sm">
      <ProblemAlert error={query.error} />
      <DataTable
        testId="orders-table"
        minWidth={760}
        columns={columns}
        rows={rows}
        rowKey={(sale) => sale.id}
        onRowClick={(sale) => toggle(sale.id)}
        renderExpanded={(sale) => (open.has(sale.id) ? <SaleLines saleId={sale.id} /> : null)}
        totalLabel={total === undefined ? undefined : t('orders.count', { count: total })}
        {...more}
        empty={t('orders.empty')}
      />
    </Stack>
  );
}

/** A sale's lines, read when it is unfolded, with how it was paid and the points it earned. */
function SaleLines({ saleId }: { saleId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { data: sale, error, isPending } = useSale(saleId);
  if (isPending) {
    return (
      <Center py="sm">
        <Loader size="sm" />
      </Center>
    );
  }
  if (error || !sale) return <ProblemAlert error={error} />;
  const money = (amount: number) => <MoneyText size="sm" amountMinor={amount} currency={sale.currency} />;

  return (
    <Stack gap="xs" py={4} data-testid="order-lines" data-sale-id={sale.id}>
      <Table withTableBorder verticalSpacing={6} horizontalSpacing="sm" bg="white" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('orders.lines.sku')}</Table.Th>
            <Table.Th>{t('orders.lines.description')}</Table.Th>
            <Table.Th ta="right">{t('orders.lines.quantity')}</Table.Th>
            <Table.Th ta="right">{t('orders.lines.unit_price')}</Table.Th>
            <Table.Th ta="right">{t('orders.lines.discount')}</Table.Th>
            <Table.Th ta="right">{t('orders.lines.net')}</Table.Th>
            <Table.Th ta="right">{t('orders.lines.margin')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sale.lines.map((line) => (
            <Table.Tr key={line.line_no} data-testid="order-line">
              <Table.Td ff="monospace">{line.sku ?? '—'}</Table.Td>
              <Table.Td>
                {line.description ?? ''}
                {!line.is_product && (
                  <Badge ml="xs" size="xs" variant="outline" color="gray" radius="sm">
                    {t('orders.lines.not_product')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">{format.number(line.quantity)}</Table.Td>
              <Table.Td ta="right">{money(line.unit_price)}</Table.Td>
              <Table.Td ta="right">{line.discount ? money(line.discount) : <Text span c="dimmed">—</Text>}</Table.Td>
              <Table.Td ta="right">{money(line.net)}</Table.Td>
              <Table.Td ta="right">
                <Tooltip label={t(`orders.cost_source.${line.cost_source}`)} openDelay={300}>
                  <Text span size="sm" c={line.cost_source === 'default_rate' ? 'dimmed' : undefined} fs={line.cost_source === 'default_rate' ? 'italic' : undefined}>
                    {format.money(line.gross_margin, sale.currency)}
                  </Text>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="lg" justify="flex-end">
        {sale.payments.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('orders.paid_with')}{' '}
            {sale.payments.map((payment) => `${t(`orders.payment.${payment.method}`, { defaultValue: payment.method })} ${format.money(payment.amount, sale.currency)}`).join(' · ')}
          </Text>
        )}
        {sale.tax !== 0 && (
          <Text size="xs" c="dimmed">
            {t('orders.tax')} {format.money(sale.tax, sale.currency)}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('orders.margin_total')} {format.money(sale.gross_margin, sale.currency)}
        </Text>
        {sale.loyalty_points !== 0 && (
          <Text size="xs" c="dimmed">
            {t('orders.points', { count: sale.loyalty_points })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
