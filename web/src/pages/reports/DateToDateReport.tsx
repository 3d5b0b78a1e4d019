import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Group, Input, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { REPORT_INTERVALS, useExportSalesReport, useSalesReport, type ReportInterval, type SalesReportPeriod } from '../../api/reports';
import { useRights, useSession } from '../../api/session';
import { DataTable, type Column } from '../../components/DataTable';
import { useAddressParams } from '../../components/address-params';
import { saveFile } from '../../components/download';
import { useFieldErrors } from '../../components/field-errors';
import { useFormatters } from '../../components/format';
import { IconDownload } from '../../components/icons';
import { MoneyText } from '../../components/MoneyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TagConditionFields } from '../../components/TagConditionFields';
import { choiceFromParams, paramsFromChoice, requestFromChoice, type ReportChoice } from './report-params';
import { DateRangeFields, QuickRanges, useStoreDays } from './date-range';
import { CHART_METRICS, periodLabel, SalesChart, type ChartMetric } from './SalesChart';

/** Sales from one day to another: totals, a chart and a table by day, week or month, for all customers or some tags. */
export function DateToDateReport() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { can } = useRights();
  const { data: session } = useSession();
  const { timeZone, today, latestDay } = useStoreDays();
  const { params, latest, replace, setParam } = useAddressParams();
  const choice = useMemo(() => choiceFromParams(params, today), [params, today]);
  const metric: ChartMetric = CHART_METRICS.includes(params.get('metric') as ChartMetric) ? (params.get('metric') as ChartMetric) : 'net_sales';
  const change = (patch: Partial<ReportChoice>) => replace(paramsFromChoice({ ...choiceFromParams(latest(), today), ...patch }, latest()));
  const setMetric = (value: string) => setParam('metric', value);

  const [channel, setChannel] = useState(choice.channel);
  const [debouncedChannel] = useDebouncedValue(channel, 400);
  useEffect(() => {
    if (debouncedChannel.trim() !== choice.channel) change({ channel: debouncedChannel });
  }, [debouncedChannel]);

  const request = useMemo(() => requestFromChoice(choice), [choice]);
  const report = useSalesReport(request);
  const exportCsv = useExportSalesReport();
  const errors = useFieldErrors(report.error);
  const data = report.data;

  const download = () =>
    exportCsv.mutate(request, {
      onSuccess: ({ blob, filename }) => saveFile(blob, filename ?? `sales-${choice.from}-${choice.to}.csv`),
    });

  const currency = data?.currency ?? session?.store.currency ?? 'GBP';
  // The rows on screen may still be the previous report's while the next loads: label them by their own interval.
  const interval = data?.interval ?? choice.interval;
  const periodText = (day: string) => {
    const text = periodLabel(day, interval, format.locale, 'long');
    return interval === 'week' ? t('reports.week_of', { date: text }) : text;
  };
  const money = (amount: number) => <MoneyText size="sm" amountMinor={amount} currency={currency} />;
  const columns: Column<SalesReportPeriod>[] = [
    { key: 'period_start', header: t(`reports.period.${interval}`), render: (period) => <Text size="sm">{periodText(period.period_start)}</Text> },
    { key: 'net_sales', header: t('reports.figures.net_sales'), align: 'right', render: (period) => money(period.net_sales) },
    { key: 'orders', header: t('reports.figures.orders'), align: 'right', render: (period) => format.number(period.orders) },
    { key: 'returns', header: t('reports.figures.returns'), align: 'right', render: (period) => format.number(period.returns) },
    { key: 'customers', header: t('reports.figures.customers'), align: 'right', render: (period) => format.number(period.customers) },
    { key: 'average_order_size', header: t('reports.figures.average_order_size'), align: 'right', render: (period) => money(period.average_order_size) },
    { key: 'gross_margin', header: t('reports.figures.gross_margin'), align: 'right', render: (period) => money(period.gross_margin) },
    { key: 'items', header: t('reports.figures.items'), align: 'right', render: (period) => format.number(period.items) },
  ];

  const margin = data && data.totals.net_sales > 0 ? data.totals.gross_margin / data.totals.net_sales : null;
  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <DateRangeFields
              range={choice}
              change={change}
              errors={errors}
              i18nPrefix="reports"
              testId="report"
            />
            <Input.Wrapper label={t('reports.interval')}>
              <SegmentedControl
                fullWidth
                value={choice.interval}
                onChange={(value) => change({ interval: value as ReportInterval })}
                data={REPORT_INTERVALS.map((key) => ({ value: key, label: t(`reports.intervals.${key}`) }))}
                data-testid="report-interval"
              />
            </Input.Wrapper>
            <TextInput
              label={t('reports.channel')}
              placeholder={t('reports.any_channel')}
              value={channel}
              onChange={(event) => setChannel(event.currentTarget.value)}
              error={errors.get('/channel')}
              name="channel"
            />
          </SimpleGrid>
          <QuickRanges
            i18nPrefix="reports"
            today={today}
            latestDay={latestDay}
            range={choice}
            withWeek
            onPick={(range) => change({ from: range.from, to: range.to, interval: range.interval })}
          />
          {/* The tags are listed to those who see customers. */}
          {can('view_customers') && (
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {t('reports.tags_title')}
              </Text>
              <TagConditionFields value={choice} onChange={(name, ids) => change({ [name]: ids })} />
              <Text size="xs" c="dimmed">
                {t('reports.tags_hint')}
              </Text>
            </Stack>
          )}
        </Stack>
      </Paper>

      <Group justify="space-between" align="center">
        <Text size="sm" c="dimmed" data-testid="report-range">
          {t('reports.range', { from: format.date(choice.from), to: format.date(choice.to), zone: data?.time_zone ?? timeZone })}
        </Text>
        {can('export_data') && (
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download} loading={exportCsv.isPending} disabled={!data}>
            {t('reports.export')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={report.error ?? exportCsv.error} />

      <SimpleGrid cols={{ base: 2, sm: 4, xl: 7 }} spacing="md" data-testid="report-totals" style={{ opacity: report.isPlaceholderData ? 0.6 : 1 }}>
        <Figure label={t('reports.figures.net_sales')} testId="total-net_sales">
          {data ? <MoneyText inherit amountMinor={data.totals.net_sales} currency={currency} /> : '…'}
        </Figure>
        <Figure
          label={t('reports.figures.gross_margin')}
          testId="total-gross_margin"
          hint={margin === null ? undefined : t('reports.margin_rate', { rate: new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 }).format(margin) })}
        >
          {data ? <MoneyText inherit amountMinor={data.totals.gross_margin} currency={currency} /> : '…'}
        </Figure>
        <Figure label={t('reports.figures.orders')} testId="total-orders">
          {data ? format.number(data.totals.orders) : '…'}
        </Figure>
        <Figure label={t('reports.figures.average_order_size')} testId="total-average_order_size">
          {data ? <MoneyText inherit amountMinor={data.totals.average_order_size} currency={currency} /> : '…'}
        </Figure>
        <Figure label={t('reports.figures.customers')} testId="total-customers">
          {data ? format.number(data.totals.customers) : '…'}
        </Figure>
        <Figure label={t('reports.figures.returns')} testId="total-returns">
          {data ? format.number(data.totals.returns) : '…'}
        </Figure>
        <Figure label={t('reports.figures.items')} testId="total-items">
          {data ? format.number(data.totals.items) : '…'}
        </Figure>
      </SimpleGrid>

      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{t('reports.chart_title')}</Text>
          <SegmentedControl
            size="xs"
            value={metric}
            onChange={setMetric}
            data={CHART_METRICS.map((key) => ({ value: key, label: t(`reports.figures.${key}`) }))}
            data-testid="chart-metric"
          />
        </Group>
        {data && <SalesChart series={data.series} interval={data.interval} currency={currency} metric={metric} />}
      </Stack>

      <DataTable
        testId="report-series"
        minWidth={900}
        columns={columns}
        rows={data?.series ?? []}
        rowKey={(period) => period.period_start}
        loading={report.isPending}
        totalLabel={data ? t('reports.periods', { count: data.series.length }) : undefined}
      />
    </Stack>
  );
}

function Figure({ label, testId, hint, children }: { label: string; testId: string; hint?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={20} fw={600} lh={1.3} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid={testId}>
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}
