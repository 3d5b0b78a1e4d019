import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportInterval, SalesReportPeriod } from '../../api/reports';
import { useFormatters } from '../../components/format';
import { currencyDigits } from '../../components/money';

export type ChartMetric = 'net_sales' | 'orders' | 'customers' | 'average_order_size' | 'items';
export const CHART_METRICS: readonly ChartMetric[] = ['net_sales', 'orders', 'customers', 'average_order_size', 'items'];

const MONEY_METRICS: ReadonlySet<string> = new Set(['net_sales', 'gross_margin', 'average_order_size']);
// Past this many periods, bars get thinner than a pixel or two: an area reads better.
const MAX_BARS = 62;

interface SalesChartProps {
  series: SalesReportPeriod[];
  interval: ReportInterval;
  currency: string;
  metric: ChartMetric;
}

/** The report's series over time: one figure as bars or an area, net sales with the gross margin as a line. */
export function SalesChart({ series, interval, currency, metric }: SalesChartProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const digits = currencyDigits(currency);
  const money = MONEY_METRICS.has(metric);

  const compact = (value: number) =>
    money
      ? new Intl.NumberFormat(format.locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value / 10 ** digits)
      : new Intl.NumberFormat(format.locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  const full = (value: number, key: string) => (MONEY_METRICS.has(key) ? format.money(value, currency) : format.number(value));
  const tick = (day: string) => periodLabel(day, interval, format.locale, 'short');
  const label = (day: string) => {
    const text = periodLabel(day, interval, format.locale, 'long');
    return interval === 'week' ? t('reports.week_of', { date: text }) : text;
  };

  const bars = series.length <= MAX_BARS;
  const colour = 'var(--mantine-color-indigo-6)';
  return (
    <Paper withBorder radius="md" p="md" data-testid="sales-chart">
      {series.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {t('reports.no_periods')}
        </Text>
      ) : (
        <ResponsiveContainer width="100%" height={320}>
          <ComposedChart data={series} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-gray-3)" />
            <XAxis dataKey="period_start" tickFormatter={tick} tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis tickFormatter={compact} tick={{ fontSize: 12 }} width={72} />
            <Tooltip
              labelFormatter={(value) => label(String(value))}
              formatter={(value, name) => [full(Number(value), String(name)), t(`reports.figures.${String(name)}`)]}
            />
            <Legend formatter={(name) => t(`reports.figures.${String(name)}`)} />
            {bars ? (
              <Bar dataKey={metric} fill={colour} radius={[3, 3, 0, 0]} maxBarSize={48} isAnimationActive={false} />
            ) : (
              <Area dataKey={metric} type="monotone" stroke={colour} fill={colour} fillOpacity={0.25} isAnimationActive={false} />
            )}
            {metric === 'net_sales' && (
              <Line dataKey="gross_margin" type="monotone" stroke="var(--mantine-color-teal-6)" strokeWidth={2} dot={bars} isAnimationActive={false} />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </Paper>
  );
}

/** How a period reads: 6 Dec (a day or a week's Monday), Dec 2010 (a month); longer in the tooltip. */
export function periodLabel(day: string, interval: ReportInterval, locale: string, length: 'short' | 'long'): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (interval === 'month') {
    return new Intl.DateTimeFormat(locale, { month: length === 'short' ? 'short' : 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  }
  if (length === 'short') return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
  return new Intl.DateTimeFormat(locale, { dateStyle: interval === 'day' ? 'full' : 'medium', timeZone: 'UTC' }).format(date);
}
