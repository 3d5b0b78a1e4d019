import { Alert, Badge, Button, Group as Row, Progress, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isMoneyMetric, isRecomputing, type Group, type GroupKind, type GroupMetric } from '../../api/groups';
import { useCurrency } from '../../api/session';
import { useFormatters } from '../../components/format';
import { VipBadge } from '../../components/VipBadge';

export function KindBadge({ kind }: { kind: GroupKind }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={kind === 'frequency' ? 'indigo' : 'gray'} radius="sm" miw="max-content" data-testid="group-kind-badge">
      {t(`groups.kind.${kind}`)}
    </Badge>
  );
}

/** A level's figure in words: an amount in the store's currency, or a number of transactions. */
export function useFigureFormatter(metric: GroupMetric | null) {
  const { t } = useTranslation();
  const format = useFormatters();
  const currency = useCurrency();
  return (value: number) =>
    isMoneyMetric(metric) ? format.money(value, currency) : t('groups.levels.transactions_count', { count: value });
}

/** "£0 – £499.99", "£500 or more". */
export function useRangeFormatter(metric: GroupMetric | null) {
  const { t } = useTranslation();
  const figure = useFigureFormatter(metric);
  return (min: number, max: number | null) =>
    max === null ? t('groups.levels.range_open', { min: figure(min) }) : t('groups.levels.range', { min: figure(min), max: figure(max) });
}

/**
 * A frequency group's levels: on one line in the list (compact), as a small table on the group page, with
 * the rule above it.
 */
export function LevelsSummary({ group, compact = false }: { group: Group; compact?: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const range = useRangeFormatter(group.metric);
  if (group.kind !== 'frequency') return null;

  if (compact) {
    return (
      <Text size="xs" c="dimmed" data-testid="levels-summary">
        {t(`groups.metric.${group.metric ?? 'sales'}`)} ·{' '}
        {group.levels.map((level) => `${level.description}${level.vip ? ` (${t('groups.vip_badge')})` : ''}`).join(' · ')}
      </Text>
    );
  }

  return (
    <Stack gap="xs" data-testid="levels-summary">
      <Text size="sm">
        {t('groups.rule_sentence', {
          metric: t(`groups.metric.${group.metric ?? 'sales'}`).toLowerCase(),
          window: t(`groups.window.${group.window ?? 'never_reset'}`).toLowerCase(),
          from: group.active_from ? format.date(group.active_from) : '—',
        })}
      </Text>
      <Table withTableBorder verticalSpacing={6} horizontalSpacing="sm" fz="sm" bg="white" maw={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={48}>#</Table.Th>
            <Table.Th>{t('groups.levels.description')}</Table.Th>
            <Table.Th>{t('groups.levels.range_header')}</Table.Th>
            <Table.Th w={64} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {group.levels.map((level) => (
            <Table.Tr key={level.number} data-testid="level-summary-row">
              <Table.Td c="dimmed">{level.number}</Table.Td>
              <Table.Td>{level.description}</Table.Td>
              <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{range(level.min, level.max)}</Table.Td>
              <Table.Td>{level.vip && <VipBadge size="xs" />}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Where a frequency group's recompute stands: queued, running with its progress, or failed with a retry. */
export function RecomputeProgress({ group, onRetry, retrying }: { group: Group; onRetry?: () => void; retrying?: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const status = group.recompute;
  if (!status) return null;
  if (isRecomputing(group)) {
    const share = status.total > 0 ? Math.round((status.done / status.total) * 100) : 0;
    return (
      <Alert variant="light" color="blue" data-testid="recompute-progress" data-state={status.state}>
        <Stack gap={6}>
          <Text size="sm">
            {status.state === 'queued'
              ? t('groups.recompute.queued')
              : t('groups.recompute.running', { done: format.number(status.done), total: format.number(status.total) })}
          </Text>
          <Progress value={status.state === 'queued' ? 0 : share} animated striped aria-label={t('groups.recompute.progress_label')} />
        </Stack>
      </Alert>
    );
  }
  if (status.state === 'failed') {
    return (
      <Alert variant="light" color="red" data-testid="recompute-progress" data-state="failed" title={t('groups.recompute.failed')}>
        <Row justify="space-between" gap="sm">
          <Text size="sm">{status.error ?? ''}</Text>
          {onRetry && (
            <Button size="xs" variant="default" onClick={onRetry} loading={retrying}>
              {t('groups.recompute.retry')}
            </Button>
          )}
        </Row>
      </Alert>
    );
  }
  return null;
}
