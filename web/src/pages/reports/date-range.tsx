import { Fragment, type ReactNode } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLatestSale } from '../../api/sales';
import { useRights, useSession } from '../../api/session';
import { DateField } from '../../components/DateField';
import { useFormatters } from '../../components/format';
import { calendarYears, dayIn, rangesEndingOn, todayIn, type QuickRange } from './report-params';

/**
 * The store's time zone, today there, and the day of its latest sale (null when unknown), which both the sales
 * report and a group's report offer ranges up to, for a store whose sales stopped a while ago (an archive, the
 * demo data).
 */
export function useStoreDays() {
  const { data: session } = useSession();
  const { can } = useRights();
  const timeZone = session?.store.time_zone ?? 'UTC';
  const latestSale = useLatestSale(can('view_customers'));
  const latestDay = latestSale.data ? dayIn(latestSale.data.occurred_at, timeZone) : null;
  return { timeZone, today: todayIn(timeZone), latestDay };
}

interface DateRangeFieldsProps {
  range: { from: string; to: string };
  change: (patch: { from?: string; to?: string }) => void;
  /** Field errors of the last answer, by JSON pointer (/from, /to). */
  errors: { get: (field: string) => string | undefined };
  /** Where the labels are: `<prefix>.from`, `<prefix>.to`. */
  i18nPrefix: string;
  /** The fields' data-testid: `<prefix>-from`, `<prefix>-to`. */
  testId: string;
  /** Puts each field in the page's layout (a grid cell); the fields stand as they are by default. */
  wrap?: (field: ReactNode) => ReactNode;
}

/** The first and last day of a report, neither of which can be cleared. */
export function DateRangeFields({ range, change, errors, i18nPrefix, testId, wrap = (field) => field }: DateRangeFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      {(['from', 'to'] as const).map((which) => (
        <Fragment key={which}>
          {wrap(
            <DateField
              label={t(`${i18nPrefix}.${which}`)}
              value={range[which]}
              onChange={(value) => value && change({ [which]: value })}
              clearable={false}
              error={errors.get(`/${which}`)}
              data-testid={`${testId}-${which}`}
            />,
          )}
        </Fragment>
      ))}
    </>
  );
}

interface QuickRangesProps {
  /** Where the labels are: `<prefix>.quick.today_group`, `<prefix>.quick.latest_group` and one per range key. */
  i18nPrefix: string;
  today: string;
  latestDay: string | null;
  /** The range chosen now, whose button shows pressed. */
  range: { from: string; to: string };
  /** Whether the last 7 days are offered (the sales report) or too short to say much (a group's report). */
  withWeek: boolean;
  onPick: (range: QuickRange) => void;
}

/** Buttons for ranges up to today and the calendar years, and up to the latest sale when the store sold nothing lately. */
export function QuickRanges({ i18nPrefix, today, latestDay, range: chosen, withWeek, onPick }: QuickRangesProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const first = withWeek ? 0 : 1;
  const groups: { group: string; ranges: QuickRange[] }[] = [
    { group: t(`${i18nPrefix}.quick.today_group`), ranges: [...rangesEndingOn(today).slice(first), ...calendarYears(today)] },
  ];
  if (latestDay && latestDay < rangesEndingOn(today)[1]!.from) {
    groups.push({
      group: t(`${i18nPrefix}.quick.latest_group`, { date: format.date(latestDay) }),
      ranges: rangesEndingOn(latestDay, 'latest_').slice(first),
    });
  }
  return (
    <Stack gap={6}>
      {groups.map(({ group, ranges }) => (
        <Group key={group} gap={6} align="center">
          <Text size="xs" c="dimmed" w={{ base: '100%', sm: 250 }}>
            {group}
          </Text>
          {ranges.map((range) => {
            const selected = range.from === chosen.from && range.to === chosen.to;
            return (
              <Button
                key={range.key}
                size="compact-xs"
                variant={selected ? 'filled' : 'default'}
                onClick={() => onPick(range)}
                aria-pressed={selected}
                data-range={range.key}
              >
                {t(`${i18nPrefix}.quick.${range.key.replace(/^latest_/, '')}`)}
              </Button>
            );
          })}
        </Group>
      ))}
    </Stack>
  );
}
