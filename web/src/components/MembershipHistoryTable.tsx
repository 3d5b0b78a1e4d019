import { Anchor, Badge, Stack, Text } from '@mantine/core';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api/client';
import type { MembershipChange } from '../api/groups';
import { ActorName } from './ActorName';
import { DataTable, type Column } from './DataTable';
import { DateText } from './DateText';
import { ProblemAlert } from './ProblemAlert';
import { pagedRows } from './paged';

const CHANGE_COLOURS: Record<MembershipChange['change'], string> = { entered: 'teal', level_changed: 'indigo', left: 'red' };

interface MembershipHistoryTableProps {
  query: UseInfiniteQueryResult<InfiniteData<Page<MembershipChange>>>;
  /** group: the ledger of one group, naming the customer; customer: one customer's, naming the group. */
  of: 'group' | 'customer';
  testId?: string;
}

/** A membership ledger, newest first: when, who or which group, the change, the level and why. */
export function MembershipHistoryTable({ query, of, testId = 'membership-history' }: MembershipHistoryTableProps) {
  const { t } = useTranslation();
  const { rows, total, more } = pagedRows(query);

  const columns: Column<MembershipChange>[] = [
    {
      key: 'effective_at',
      header: t('groups.history.when'),
      width: 180,
      render: (change) => <DateText size="sm" value={change.effective_at} withTime />,
    },
    of === 'group'
      ? {
          key: 'customer',
          header: t('groups.history.customer'),
          render: (change) => (
            <Anchor component={Link} to={`/customers/${change.customer_id}`} size="sm" style={{ whiteSpace: 'nowrap' }}>
              {change.customer_name}
            </Anchor>
          ),
        }
      : {
          key: 'group',
          header: t('groups.history.group'),
          render: (change) => (
            <Anchor component={Link} to={`/groups/${change.group_id}`} size="sm" style={{ whiteSpace: 'nowrap' }}>
              {change.group_name}
            </Anchor>
          ),
        },
    {
      key: 'change',
      header: t('groups.history.change'),
      render: (change) => (
        <Badge variant="light" color={CHANGE_COLOURS[change.change]} radius="sm" tt="none" miw="max-content" data-testid="history-change">
          {t(`groups.history.changes.${change.change}`)}
        </Badge>
      ),
    },
    { key: 'level', header: t('groups.history.level'), render: (change) => <LevelChange change={change} /> },
    { key: 'reason', header: t('groups.history.reason'), render: (change) => <Reason change={change} /> },
  ];

  return (
    <Stack gap="sm">
      <ProblemAlert error={query.error} />
      <DataTable
        testId={testId}
        minWidth={820}
        columns={columns}
        rows={rows}
        rowKey={(change) => String(change.id)}
        totalLabel={total === undefined ? undefined : t('groups.history.count', { count: total })}
        {...more}
        empty={t('groups.history.empty')}
      />
    </Stack>
  );
}

function LevelChange({ change }: { change: MembershipChange }) {
  const { t } = useTranslation();
  const number = (value: number | null) => (value === null ? '—' : t('groups.level_number', { number: value }));
  if (change.change === 'level_changed') {
    return (
      <Stack gap={0}>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {number(change.level_before)} → {number(change.level_after)}
        </Text>
        {change.level && (
          <Text size="xs" c="dimmed">
            {change.level}
          </Text>
        )}
      </Stack>
    );
  }
  if (!change.level) return <Text c="dimmed">—</Text>;
  const levelNumber = change.change === 'left' ? change.level_before : change.level_after;
  return (
    <Stack gap={0}>
      <Text size="sm">{change.level}</Text>
      {levelNumber !== null && (
        <Text size="xs" c="dimmed">
          {number(levelNumber)}
        </Text>
      )}
    </Stack>
  );
}

function Reason({ change }: { change: MembershipChange }) {
  const { t } = useTranslation();
  const label = t(`groups.history.reasons.${change.reason}`);
  return (
    <Stack gap={0} data-testid="history-reason">
      <Text size="sm">
        {label}
        {change.reason === 'manual' && (
          <>
            {' · '}
            <ActorName actor={change.by} />
          </>
        )}
      </Text>
      {change.rule && (
        <Text size="xs" c="dimmed">
          {change.rule}
        </Text>
      )}
    </Stack>
  );
}
