import { useState, type ReactNode } from 'react';
import { Badge, Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBalances, useLedger, type BalanceEntry, type BalanceName, type Balances, type EntryTypeCreate } from '../../api/balances';
import { useRights } from '../../api/session';
import { ActorName } from '../../components/ActorName';
import { DataTable, type Column } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { useFormatters } from '../../components/format';
import { ProblemAlert } from '../../components/ProblemAlert';
import { BalanceEntryDialog, CreditLimitDialog } from './BalanceDialogs';
import { pagedRows } from '../../components/paged';

type Dialog = { kind: 'entry'; balance: BalanceName; entryType: EntryTypeCreate } | { kind: 'credit_limit' };

const ENTRY_COLOURS: Record<BalanceEntry['entry_type'], string> = {
  adjustment: 'gray',
  issue: 'teal',
  redemption: 'orange',
  earning: 'indigo',
  sale_payment: 'grape',
  account_payment: 'blue',
};

/** Store credit, the customer's account and loyalty points, each with what changed it. */
export function CustomerBalances({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { can, canAny } = useRights();
  const { data: balances, error, isPending } = useBalances(customerId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  if (isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (error || !balances) return <ProblemAlert error={error} />;

  const adjust = can('adjust_balances');
  // Spending credit or points and paying off the account happen at the till, so cashiers may record them too.
  const spend = canAny('record_sales', 'adjust_balances');
  const money = (amount: number) => format.money(amount, balances.currency);
  const open = (balance: BalanceName, entryType: EntryTypeCreate) => () => setDialog({ kind: 'entry', balance, entryType });

  return (
    <Stack gap="lg">
      <BalanceSection
        customerId={customerId}
        balance="store_credit"
        value={money(balances.store_credit)}
        hint={t('balances.store_credit_hint')}
        actions={[
          adjust && { label: t('balances.actions.issue'), onClick: open('store_credit', 'issue') },
          spend && { label: t('balances.actions.redeem'), onClick: open('store_credit', 'redemption') },
          adjust && { label: t('balances.actions.adjust'), onClick: open('store_credit', 'adjustment') },
        ]}
        format={money}
      />
      <BalanceSection
        customerId={customerId}
        balance="on_account"
        value={money(balances.on_account)}
        hint={balances.on_account < 0 ? t('balances.on_account_owes') : t('balances.on_account_hint')}
        facts={<OnAccountFacts balances={balances} money={money} />}
        actions={[
          spend && { label: t('balances.actions.account_payment'), onClick: open('on_account', 'account_payment') },
          adjust && { label: t('balances.actions.adjust'), onClick: open('on_account', 'adjustment') },
          adjust && { label: t('balances.actions.credit_limit'), onClick: () => setDialog({ kind: 'credit_limit' }) },
        ]}
        format={money}
      />
      <BalanceSection
        customerId={customerId}
        balance="loyalty_points"
        value={t('balances.points', { count: balances.loyalty_points })}
        hint={t('balances.loyalty_points_hint')}
        actions={[
          adjust && { label: t('balances.actions.issue'), onClick: open('loyalty_points', 'issue') },
          spend && { label: t('balances.actions.redeem'), onClick: open('loyalty_points', 'redemption') },
          adjust && { label: t('balances.actions.adjust'), onClick: open('loyalty_points', 'adjustment') },
        ]}
        format={(amount) => format.number(amount)}
      />
      {dialog?.kind === 'entry' && (
        <BalanceEntryDialog customerId={customerId} balances={balances} balance={dialog.balance} entryType={dialog.entryType} onClose={close} />
      )}
      {dialog?.kind === 'credit_limit' && <CreditLimitDialog customerId={customerId} balances={balances} onClose={close} />}
    </Stack>
  );
}

function OnAccountFacts({ balances, money }: { balances: Balances; money: (amount: number) => string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xl">
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          {t('balances.credit_limit')}
        </Text>
        <Text size="sm" fw={500} data-testid="credit-limit">
          {money(balances.credit_limit)}
        </Text>
      </Stack>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          {t('balances.available')}
        </Text>
        <Text size="sm" fw={500} data-testid="available-on-account">
          {money(balances.available_on_account)}
        </Text>
      </Stack>
    </Group>
  );
}

interface BalanceSectionProps {
  customerId: string;
  balance: BalanceName;
  /** The balance as it reads: £20.00, 120 points. */
  value: string;
  hint: string;
  facts?: ReactNode;
  /** The buttons the signed-in user may use; false for the others. */
  actions: ({ label: string; onClick: () => void } | false)[];
  /** Amounts of this balance as they read (money or points). */
  format: (amount: number) => string;
}

function BalanceSection({ customerId, balance, value, hint, facts, actions, format }: BalanceSectionProps) {
  const { t } = useTranslation();
  const ledger = useLedger(customerId, balance);
  const { rows, total, more } = pagedRows(ledger);
  const allowed = actions.filter((action): action is { label: string; onClick: () => void } => Boolean(action));

  const columns: Column<BalanceEntry>[] = [
    { key: 'created_at', header: t('balances.columns.date'), render: (entry) => <DateText size="sm" value={entry.created_at} withTime /> },
    {
      key: 'entry_type',
      header: t('balances.columns.type'),
      render: (entry) => (
        <Badge variant="light" color={ENTRY_COLOURS[entry.entry_type]} radius="sm" tt="none">
          {t(`balances.entry_types.${entry.entry_type}`)}
        </Badge>
      ),
    },
    {
      key: 'amount',
      header: t('balances.columns.amount'),
      align: 'right',
      render: (entry) => (
        <Text size="sm" c={entry.amount < 0 ? 'red.8' : 'teal.8'} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {entry.amount > 0 ? '+' : ''}
          {format(entry.amount)}
        </Text>
      ),
    },
    {
      key: 'balance_after',
      header: t('balances.columns.balance_after'),
      align: 'right',
      render: (entry) => (
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {format(entry.balance_after)}
        </Text>
      ),
    },
    { key: 'reason', header: t('balances.columns.reason'), render: (entry) => (entry.reason ? <Text size="sm">{entry.reason}</Text> : <Text c="dimmed">—</Text>) },
    {
      key: 'reference',
      header: t('balances.columns.reference'),
      render: (entry) =>
        entry.reference ? (
          <Text size="sm" ff="monospace">
            {entry.reference}
          </Text>
        ) : (
          <Text c="dimmed">—</Text>
        ),
    },
    { key: 'created_by', header: t('balances.columns.who'), render: (entry) => <ActorName actor={entry.created_by} /> },
  ];

  return (
    <Paper withBorder radius="md" p="lg" data-testid={`balance-${balance}`}>
      <Group justify="space-between" align="flex-start" mb="md" gap="md">
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t(`balances.names.${balance}`)}
          </Title>
          <Text fz={28} fw={600} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="balance-value">
            {value}
          </Text>
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
          {facts}
        </Stack>
        {allowed.length > 0 && (
          <Group gap="xs">
            {allowed.map((action) => (
              <Button key={action.label} size="xs" variant="default" onClick={action.onClick}>
                {action.label}
              </Button>
            ))}
          </Group>
        )}
      </Group>
      <ProblemAlert error={ledger.error} />
      <DataTable
        testId={`ledger-${balance}`}
        minWidth={860}
        columns={columns}
        rows={rows}
        rowKey={(entry) => String(entry.id)}
        totalLabel={total ? t('balances.entries', { count: total }) : undefined}
        {...more}
        empty={t('balances.no_entries')}
      />
    </Paper>
  );
}
