import { useEffect, useMemo, useRef } from 'react';
import { Button, Grid, Group, Input, SegmentedControl, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { GROUP_MEMBERSHIPS, type GroupMembershipBasis } from '../../api/group-reports';
import { useLatestSale } from '../../api/sales';
import { useRights, useSession } from '../../api/session';
import { DateField } from '../../components/DateField';
import { useFormatters } from '../../components/format';
// The sales report's day arithmetic in the store's time zone, so both reports offer the same ranges.
import { addDays, calendarYears, dayIn, rangesEndingOn, todayIn, type QuickRange } from '../reports/report-params';

/** The days and the membership a group's report and word cloud are for, as the address keeps them. */
export interface GroupReportChoice {
  from: string;
  to: string;
  membership: GroupMembershipBasis;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The choice read from the address (the tab and anything else there is kept), and a way to change it. Without
 * a range in the address: the 12 months up to today, a span long enough to say something about a group, or up to
 * the latest sale when the store sold nothing in those 12 months (an archive, the demo data), so the page opens on
 * figures rather than zeros.
 */
export function useGroupReportChoice() {
  const { data: session } = useSession();
  const { can } = useRights();
  const timeZone = session?.store.time_zone ?? 'UTC';
  const latestSale = useLatestSale(can('view_customers'));
  const latestDay = latestSale.data ? dayIn(latestSale.data.occurred_at, timeZone) : null;
  const now = todayIn(timeZone);
  const defaultEnd = latestDay && latestDay < addDays(now, -364) ? latestDay : now;
  const [params, setParams] = useSearchParams();
  const choice = useMemo<GroupReportChoice>(() => {
    const from = params.get('from');
    const to = params.get('to');
    const membership = params.get('membership') as GroupMembershipBasis | null;
    return {
      from: from && DAY.test(from) ? from : addDays(defaultEnd, -364),
      to: to && DAY.test(to) ? to : defaultEnd,
      membership: membership && GROUP_MEMBERSHIPS.includes(membership) ? membership : 'at_sale',
    };
  }, [params, defaultEnd]);

  // Several quick changes each build on the latest address, not on the one last rendered.
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);
  const change = (patch: Partial<GroupReportChoice>) => {
    const next = new URLSearchParams(latest.current);
    const merged = { ...choice, ...patch };
    next.set('from', merged.from);
    next.set('to', merged.to);
    next.set('membership', merged.membership);
    latest.current = next;
    setParams(next, { replace: true });
  };
  return { choice, change, timeZone, today: now };
}

interface RangeFieldsProps {
  choice: GroupReportChoice;
  change: (patch: Partial<GroupReportChoice>) => void;
  today: string;
  timeZone: string;
  /** Field errors of the last answer, by JSON pointer (/from, /to). */
  errors: { get: (field: string) => string | undefined };
}

/** From, to, "in the group at the sale" or "today's members", and quick ranges up to today or to the latest sale. */
export function GroupReportRangeFields({ choice, change, today, timeZone, errors }: RangeFieldsProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { can } = useRights();
  // Ranges that end on the latest sale, for a store whose sales stopped a while ago (an archive, the demo data).
  const latestSale = useLatestSale(can('view_customers'));
  const latestDay = latestSale.data ? dayIn(latestSale.data.occurred_at, timeZone) : null;
  const quickRanges: { group: string; ranges: QuickRange[] }[] = [
    { group: t('groupReport.quick.today_group'), ranges: [...rangesEndingOn(today).slice(1), ...calendarYears(today)] },
  ];
  if (latestDay && latestDay < rangesEndingOn(today)[1]!.from) {
    quickRanges.push({
      group: t('groupReport.quick.latest_group', { date: format.date(latestDay) }),
      ranges: rangesEndingOn(latestDay, 'latest_').slice(1),
    });
  }

  return (
    <Stack gap="md">
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <DateField
            label={t('groupReport.from')}
            value={choice.from}
            onChange={(value) => value && change({ from: value })}
            clearable={false}
            error={errors.get('/from')}
            data-testid="group-report-from"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
          <DateField
            label={t('groupReport.to')}
            value={choice.to}
            onChange={(value) => value && change({ to: value })}
            clearable={false}
            error={errors.get('/to')}
            data-testid="group-report-to"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Input.Wrapper label={t('groupReport.membership')} description={t(`groupReport.membership_hint.${choice.membership}`)}>
            <SegmentedControl
              fullWidth
              value={choice.membership}
              onChange={(value) => change({ membership: value as GroupMembershipBasis })}
              data={GROUP_MEMBERSHIPS.map((key) => ({ value: key, label: t(`groupReport.memberships.${key}`) }))}
              data-testid="group-report-membership"
            />
          </Input.Wrapper>
        </Grid.Col>
      </Grid>
      <Stack gap={6}>
        {quickRanges.map(({ group, ranges }) => (
          <Group key={group} gap={6} align="center">
            <Text size="xs" c="dimmed" w={{ base: '100%', sm: 250 }}>
              {group}
            </Text>
            {ranges.map((range) => {
              const selected = range.from === choice.from && range.to === choice.to;
              return (
                <Button
                  key={range.key}
                  size="compact-xs"
                  variant={selected ? 'filled' : 'default'}
                  onClick={() => change({ from: range.from, to: range.to })}
                  aria-pressed={selected}
                  data-range={range.key}
                >
                  {t(`groupReport.quick.${range.key.replace(/^latest_/, '')}`)}
                </Button>
              );
            })}
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}
