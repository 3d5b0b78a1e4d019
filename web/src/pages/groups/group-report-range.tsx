import { useMemo } from 'react';
import { Grid, Input, SegmentedControl, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { GROUP_MEMBERSHIPS, type GroupMembershipBasis } from '../../api/group-reports';
import { useAddressParams } from '../../components/address-params';
// The sales report's day arithmetic and range picking in the store's time zone, so both reports offer the same ranges.
import { DateRangeFields, QuickRanges, useStoreDays } from '../reports/date-range';
import { addDays } from '../reports/report-params';

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
  const { timeZone, today, latestDay } = useStoreDays();
  const defaultEnd = latestDay && latestDay < addDays(today, -364) ? latestDay : today;
  const { params, latest, replace } = useAddressParams();
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

  const change = (patch: Partial<GroupReportChoice>) => {
    const next = new URLSearchParams(latest());
    const merged = { ...choice, ...patch };
    next.set('from', merged.from);
    next.set('to', merged.to);
    next.set('membership', merged.membership);
    replace(next);
  };
  return { choice, change, timeZone, today, latestDay };
}

interface RangeFieldsProps {
  choice: GroupReportChoice;
  change: (patch: Partial<GroupReportChoice>) => void;
  today: string;
  latestDay: string | null;
  /** Field errors of the last answer, by JSON pointer (/from, /to). */
  errors: { get: (field: string) => string | undefined };
}

/** From, to, "in the group at the sale" or "today's members", and quick ranges up to today or to the latest sale. */
export function GroupReportRangeFields({ choice, change, today, latestDay, errors }: RangeFieldsProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Grid gap="sm">
        <DateRangeFields
          range={choice}
          change={change}
          errors={errors}
          i18nPrefix="groupReport"
          testId="group-report"
          wrap={(field) => (
            <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
              {field}
            </Grid.Col>
          )}
        />
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
      <QuickRanges
        i18nPrefix="groupReport"
        today={today}
        latestDay={latestDay}
        range={choice}
        withWeek={false}
        onPick={(range) => change({ from: range.from, to: range.to })}
      />
    </Stack>
  );
}
