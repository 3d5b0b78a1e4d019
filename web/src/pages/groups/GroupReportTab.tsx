import { Button, Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useExportGroupReport, useGroupReport, type GroupReport, type GroupReportRequest, type TopProduct } from '../../api/group-reports';
import { useRights } from '../../api/session';
import { DataTable, type Column } from '../../components/DataTable';
import { saveFile } from '../../components/download';
import { useFieldErrors } from '../../components/field-errors';
import { useFormatters } from '../../components/format';
import { IconDownload } from '../../components/icons';
import { MoneyText } from '../../components/MoneyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { GroupReportRangeFields, useGroupReportChoice } from './group-report-range';

const TOP = 10;
type Figure = keyof GroupReport['totals']['group'];
const FIGURES: readonly Figure[] = ['net_sales', 'orders', 'customers', 'average_order_size', 'gross_margin', 'returns', 'items'];
const MONEY: ReadonlySet<Figure> = new Set(['net_sales', 'average_order_size', 'gross_margin']);
// An average is not a part of the store's average: no share for it.
const NO_SHARE: ReadonlySet<Figure> = new Set(['average_order_size']);

/** A group's sales for a range, beside the whole store's, with the top products of each and a CSV of both. */
export function GroupReportTab({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const { can } = useRights();
  const { choice, change, timeZone, today, latestDay } = useGroupReportChoice();
  const request: GroupReportRequest = { group_id: groupId, from: choice.from, to: choice.to, membership: choice.membership, top: TOP };
  const report = useGroupReport(request);
  const exportCsv = useExportGroupReport();
  const errors = useFieldErrors(report.error);
  const format = useFormatters();
  const data = report.data;

  const download = () =>
    exportCsv.mutate(request, {
      onSuccess: ({ blob, filename }) => saveFile(blob, filename ?? `group-${choice.from}-${choice.to}.csv`),
    });

  return (
    <Stack gap="lg" data-testid="group-report">
      <Paper withBorder radius="md" p="md">
        <GroupReportRangeFields choice={choice} change={change} today={today} latestDay={latestDay} errors={errors} />
      </Paper>
      <Group justify="space-between" align="center">
        <Text size="sm" c="dimmed" data-testid="group-report-range">
          {t('groupReport.range', { from: format.date(choice.from), to: format.date(choice.to), zone: data?.time_zone ?? timeZone })}
        </Text>
        {can('export_data') && (
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download} loading={exportCsv.isPending} disabled={!data}>
            {t('groupReport.export')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={report.error ?? exportCsv.error} />
      <div style={{ opacity: report.isPlaceholderData ? 0.6 : 1 }}>
        <Stack gap="lg">
          <FiguresTable report={data} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <TopProducts title={t('groupReport.top_group', { name: data?.group.name ?? '' })} rows={data?.top_products.group} currency={data?.currency} testId="top-group" loading={report.isPending} />
            <TopProducts title={t('groupReport.top_store')} rows={data?.top_products.store} currency={data?.currency} testId="top-store" loading={report.isPending} />
          </SimpleGrid>
        </Stack>
      </div>
    </Stack>
  );
}

/** One row per figure: the group's, the store's, and the group's share of the store. */
function FiguresTable({ report }: { report: GroupReport | undefined }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 });
  const value = (figure: Figure, amount: number) =>
    MONEY.has(figure) && report ? <MoneyText size="sm" amountMinor={amount} currency={report.currency} /> : format.number(amount);
  const share = (figure: Figure) => {
    if (!report || NO_SHARE.has(figure)) return '';
    const store = report.totals.store[figure];
    return store > 0 ? percent.format(report.totals.group[figure] / store) : '–';
  };
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="group-report-figures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th ta="right">{report?.group.name ?? t('groupReport.group')}</Table.Th>
              <Table.Th ta="right">{t('groupReport.store')}</Table.Th>
              <Table.Th ta="right">{t('groupReport.share')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {FIGURES.map((figure) => (
              <Table.Tr key={figure} data-figure={figure}>
                <Table.Td>{t(`reports.figures.${figure}`)}</Table.Td>
                <Table.Td ta="right" data-scope="group" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {report ? value(figure, report.totals.group[figure]) : '…'}
                </Table.Td>
                <Table.Td ta="right" data-scope="store" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {report ? value(figure, report.totals.store[figure]) : '…'}
                </Table.Td>
                <Table.Td ta="right" c="dimmed" data-scope="share">
                  {share(figure)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

interface TopProductsProps {
  title: string;
  rows: TopProduct[] | undefined;
  currency: string | undefined;
  testId: string;
  loading: boolean;
}

function TopProducts({ title, rows, currency = 'GBP', testId, loading }: TopProductsProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const money = (amount: number) => <MoneyText size="sm" amountMinor={amount} currency={currency} />;
  const columns: Column<TopProduct>[] = [
    {
      key: 'name',
      header: t('groupReport.product'),
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{row.name ?? row.sku ?? t('groupReport.unnamed')}</Text>
          {row.sku && row.name && (
            <Text size="xs" c="dimmed">
              {row.sku}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'quantity', header: t('groupReport.quantity'), align: 'right', render: (row) => format.number(row.quantity) },
    { key: 'net_sales', header: t('reports.figures.net_sales'), align: 'right', render: (row) => money(row.net_sales) },
    { key: 'gross_margin', header: t('reports.figures.gross_margin'), align: 'right', render: (row) => money(row.gross_margin) },
  ];
  return (
    <Stack gap="xs">
      <Text fw={600}>{title}</Text>
      <DataTable
        testId={testId}
        minWidth={420}
        columns={columns}
        rows={rows ?? []}
        rowKey={(row) => `${row.sku ?? ''}|${row.name ?? ''}`}
        loading={loading}
        empty={t('groupReport.no_products')}
      />
    </Stack>
  );
}
