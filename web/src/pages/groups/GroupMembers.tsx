import { useMemo, useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group as Row, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { groupMembersCsvUrl, useChangeMembers, useGroupMembers, type Group, type Member, type MemberFilters } from '../../api/groups';
import { useRights } from '../../api/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable, type Column } from '../../components/DataTable';
import { DateField } from '../../components/DateField';
import { DateText } from '../../components/DateText';
import { IconDownload, IconPlus, IconSearch } from '../../components/icons';
import { ProblemAlert } from '../../components/ProblemAlert';
import { VipBadge } from '../../components/VipBadge';
import { AddMembersDialog } from './AddMembersDialog';
import { useFigureFormatter } from './GroupFacts';
import { pagedRows } from '../../components/paged';

/**
 * Who is in the group: by text, level and "as of" a day, exportable to CSV. A static group's members are
 * added with a customer search and removed by ticking them, for who may assign customers to groups.
 */
export function GroupMembers({ group }: { group: Group }) {
  const { t } = useTranslation();
  const figure = useFigureFormatter(group.metric);
  const { can } = useRights();
  const frequency = group.kind === 'frequency';
  const canAssign = !frequency && can('assign_customers_to_groups');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [level, setLevel] = useState<string | null>(null);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const change = useChangeMembers(group.id);

  const filters = useMemo<MemberFilters>(
    () => ({
      ...(debouncedSearch ? { q: debouncedSearch } : {}),
      ...(level ? { level: Number(level) } : {}),
      ...(asOf ? { as_of: asOf } : {}),
    }),
    [debouncedSearch, level, asOf],
  );
  const query = useGroupMembers(group.id, filters);
  const { rows, total, more } = pagedRows(query);
  const filtered = Object.keys(filters).length > 0;
  // Only members on screen can stay ticked.
  const ticked = rows.filter((member) => selected.has(member.customer_id)).map((member) => member.customer_id);
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const removeTicked = async () => {
    const result = await change.mutateAsync({ customerIds: ticked, remove: true });
    setSelected(new Set());
    setOutcome(t('groups.members.removed', { count: result.changed }));
  };

  const columns: Column<Member>[] = [];
  if (canAssign && !asOf) {
    const allTicked = rows.length > 0 && ticked.length === rows.length;
    columns.push({
      key: 'select',
      width: 40,
      header: (
        <Checkbox
          aria-label={t('groups.members.select_all')}
          checked={allTicked}
          indeterminate={ticked.length > 0 && !allTicked}
          onChange={(event) => setSelected(event.currentTarget.checked ? new Set(rows.map((member) => member.customer_id)) : new Set())}
        />
      ),
      render: (member) => (
        <Checkbox
          aria-label={t('groups.members.select', { name: member.name })}
          checked={selected.has(member.customer_id)}
          onChange={(event) => toggle(member.customer_id, event.currentTarget.checked)}
          data-testid="member-select"
        />
      ),
    });
  }
  columns.push({
    key: 'name',
    header: t('groups.members.name'),
    render: (member) => (
      <Row gap="xs" wrap="nowrap">
        <Anchor component={Link} to={`/customers/${member.customer_id}`} size="sm" fw={500}>
          {member.name}
        </Anchor>
        {member.vip && <VipBadge size="xs" />}
      </Row>
    ),
  });
  if (frequency) {
    columns.push(
      {
        key: 'level',
        header: t('groups.members.level'),
        render: (member) =>
          member.level ? (
            <Text size="sm" data-testid="member-level">
              {member.level_number !== null && (
                <Text span c="dimmed" size="sm">
                  {member.level_number}.{' '}
                </Text>
              )}
              {member.level}
            </Text>
          ) : (
            <Text c="dimmed">—</Text>
          ),
      },
      {
        key: 'figure',
        header: t(`groups.members.figure.${group.metric ?? 'sales'}`),
        align: 'right',
        render: (member) =>
          member.figure === null ? (
            <Text c="dimmed">—</Text>
          ) : (
            <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="member-figure">
              {figure(member.figure)}
            </Text>
          ),
      },
    );
  }
  columns.push({
    key: 'since',
    header: t('groups.members.since'),
    render: (member) => <DateText size="sm" value={member.since} />,
  });

  return (
    <Stack gap="sm">
      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: frequency ? 3 : 2 }} spacing="sm">
          <TextInput
            label={t('groups.members.search')}
            placeholder={t('groups.members.search_placeholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            name="member_q"
            type="search"
          />
          {frequency && (
            <Select
              label={t('groups.members.level')}
              placeholder={t('groups.members.any_level')}
              data={group.levels.map((entry) => ({ value: String(entry.number), label: `${entry.number}. ${entry.description}` }))}
              value={level}
              onChange={setLevel}
              clearable
              data-testid="member-level-filter"
            />
          )}
          <DateField
            label={t('groups.members.as_of')}
            description={t('groups.members.as_of_hint')}
            value={asOf}
            onChange={setAsOf}
            data-testid="member-as-of"
          />
        </SimpleGrid>
      </Paper>

      {outcome && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setOutcome(null)} data-testid="members-outcome">
          {outcome}
        </Alert>
      )}
      <ProblemAlert error={query.error ?? change.error} />

      <Row justify="space-between" gap="sm">
        <Row gap="xs">
          {canAssign && (
            <>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                {t('groups.members.add')}
              </Button>
              <ConfirmButton
                disabled={ticked.length === 0}
                title={t('groups.members.remove_title')}
                message={t('groups.members.remove_message', { count: ticked.length, name: group.name })}
                confirmLabel={t('groups.members.remove_confirm', { count: ticked.length })}
                onConfirm={removeTicked}
              >
                {t('groups.members.remove', { count: ticked.length })}
              </ConfirmButton>
            </>
          )}
          {frequency && (
            <Text size="sm" c="dimmed">
              {t('groups.members.frequency_hint')}
            </Text>
          )}
        </Row>
        {can('export_data') && (
          <Button
            component="a"
            href={groupMembersCsvUrl(group.id, filters)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
            data-testid="members-csv"
          >
            {t('groups.members.export')}
          </Button>
        )}
      </Row>

      <DataTable
        testId="members-table"
        minWidth={720}
        columns={columns}
        rows={rows}
        rowKey={(member) => member.customer_id}
        totalLabel={total === undefined ? undefined : t('customers.count', { count: total })}
        {...more}
        empty={filtered ? t('groups.members.empty_filtered') : t('groups.members.empty')}
      />
      {adding && (
        <AddMembersDialog
          group={group}
          onClose={() => setAdding(false)}
          onAdded={(result) => {
            setAdding(false);
            setOutcome(
              result.moved > 0
                ? t('groups.members.added_moved', { count: result.changed, moved: result.moved })
                : t('groups.members.added', { count: result.changed }),
            );
          }}
        />
      )}
    </Stack>
  );
}
