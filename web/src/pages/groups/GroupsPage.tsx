import { useMemo, useState } from 'react';
import { Alert, Button, Group as Row, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { GROUP_KINDS, GROUP_SEGMENTS, useGroups, type Group, type GroupFilters, type GroupKind, type GroupSegment } from '../../api/groups';
import { useRights } from '../../api/session';
import { useTagCategories, useTags } from '../../api/tags';
import { useListParams } from '../../components/address-params';
import { DataTable, type Column } from '../../components/DataTable';
import { DateText } from '../../components/DateText';
import { useFormatters } from '../../components/format';
import { IconPlus } from '../../components/icons';
import { pagedRows } from '../../components/paged';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TagBadges } from '../../components/TagBadge';
import { SearchInput } from '../../components/SearchInput';
import { YesNoSelect } from '../../components/YesNoSelect';
import { VipBadge } from '../../components/VipBadge';
import { KindBadge, LevelsSummary } from './GroupFacts';
import { GroupDialog } from './GroupDialog';
import type { GroupDeletedState } from './GroupPage';

const FILTER_PARAMS = ['q', 'kind', 'segment', 'vip', 'tag_id', 'sort'] as const;
type FilterParam = (typeof FILTER_PARAMS)[number];

function filtersFromParams(params: URLSearchParams): GroupFilters {
  const kind = params.get('kind');
  const segment = params.get('segment');
  const vip = params.get('vip');
  return {
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    ...(GROUP_KINDS.includes(kind as GroupKind) ? { kind: kind as GroupKind } : {}),
    ...(GROUP_SEGMENTS.includes(segment as GroupSegment) ? { segment: segment as GroupSegment } : {}),
    ...(vip === 'true' || vip === 'false' ? { vip: vip === 'true' } : {}),
    ...(params.get('tag_id') ? { tag_id: params.get('tag_id')! } : {}),
    ...(params.get('sort') ? { sort: params.get('sort')! } : {}),
  };
}

/** Customers > Groups: every group of the store, searched, filtered and sorted on several columns at once. */
export function GroupsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormatters();
  const { can } = useRights();
  const { params, setParam, search, setSearch, sort, setSort, clearFilters } = useListParams<FilterParam>();
  const [creating, setCreating] = useState(false);
  // A group deleted from its page: say how many customers it held.
  const location = useLocation();
  const [deleted, setDeleted] = useState((location.state as GroupDeletedState | null)?.deleted);
  const { data: tags = [] } = useTags();
  const { data: categories = [] } = useTagCategories();

  const filters = useMemo(() => filtersFromParams(params), [params]);
  const query = useGroups(filters);
  const { rows, total, more } = pagedRows(query);
  const hasFilters = FILTER_PARAMS.some((name) => name !== 'sort' && params.get(name));

  const tagOptions = categories
    .map((category) => ({
      group: category.name,
      items: tags
        .filter((tag) => tag.category_id === category.id)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((tag) => ({ value: tag.id, label: tag.name })),
    }))
    .filter((group) => group.items.length > 0);

  const dash = <Text c="dimmed">—</Text>;
  const columns: Column<Group>[] = [
    {
      key: 'number',
      header: t('groups.columns.number'),
      sortKey: 'number',
      width: 64,
      render: (group) => (
        <Text size="sm" c="dimmed">
          {group.number}
        </Text>
      ),
    },
    {
      key: 'name',
      header: t('groups.columns.name'),
      sortKey: 'name',
      render: (group) => (
        <Stack gap={2} miw={180}>
          <Text size="sm" fw={500}>
            {group.name}
          </Text>
          {group.kind === 'frequency' && <LevelsSummary group={group} compact />}
        </Stack>
      ),
    },
    {
      key: 'code',
      header: t('groups.columns.code'),
      sortKey: 'code',
      render: (group) =>
        group.code ? (
          <Text size="sm" ff="monospace">
            {group.code}
          </Text>
        ) : (
          dash
        ),
    },
    {
      key: 'kind',
      header: t('groups.columns.kind'),
      sortKey: 'kind',
      render: (group) => <KindBadge kind={group.kind} />,
    },
    {
      key: 'segment',
      header: t('groups.columns.segment'),
      sortKey: 'segment',
      render: (group) => <Text size="sm">{t(`groups.segment.${group.segment}`)}</Text>,
    },
    {
      key: 'vip',
      header: t('groups.columns.vip'),
      sortKey: 'vip',
      render: (group) => (group.vip ? <VipBadge size="sm" /> : dash),
    },
    {
      key: 'erp_id',
      header: t('groups.columns.erp_id'),
      sortKey: 'erp_id',
      render: (group) =>
        group.erp_id ? (
          <Text size="sm" ff="monospace">
            {group.erp_id}
          </Text>
        ) : (
          dash
        ),
    },
    {
      key: 'tags',
      header: t('groups.columns.tags'),
      render: (group) => <TagBadges ids={group.tag_ids} />,
    },
    {
      key: 'member_count',
      header: t('groups.columns.members'),
      sortKey: 'member_count',
      align: 'right',
      render: (group) => (
        <Text size="sm" data-testid="group-member-count" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {format.number(group.member_count)}
        </Text>
      ),
    },
    {
      key: 'created_at',
      header: t('groups.columns.created_at'),
      sortKey: 'created_at',
      render: (group) => <DateText size="sm" value={group.created_at} />,
    },
    {
      key: 'updated_at',
      header: t('groups.columns.updated_at'),
      sortKey: 'updated_at',
      render: (group) => <DateText size="sm" value={group.updated_at} />,
    },
  ];

  return (
    <Stack gap="lg">
      <Row justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>{t('groups.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('groups.description')}
          </Text>
        </Stack>
        {can('manage_customer_groups') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('groups.new')}
          </Button>
        )}
      </Row>

      {deleted && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setDeleted(undefined)} data-testid="groups-outcome">
          {t('groups.delete.done', { name: deleted.name, count: deleted.members_removed })}
        </Alert>
      )}

      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <SearchInput label={t('groups.filters.search')} placeholder={t('groups.filters.search_placeholder')} value={search} onChange={setSearch} />
          <Select
            label={t('groups.filters.kind')}
            placeholder={t('groups.filters.any')}
            data={GROUP_KINDS.map((kind) => ({ value: kind, label: t(`groups.kind.${kind}`) }))}
            value={filters.kind ?? null}
            onChange={(value) => setParam('kind', value)}
            clearable
            data-testid="filter-kind"
          />
          <Select
            label={t('groups.filters.segment')}
            placeholder={t('groups.filters.any')}
            data={GROUP_SEGMENTS.map((segment) => ({ value: segment, label: t(`groups.segment.${segment}`) }))}
            value={filters.segment ?? null}
            onChange={(value) => setParam('segment', value)}
            clearable
            data-testid="filter-segment"
          />
          <YesNoSelect
            label={t('groups.filters.vip')}
            placeholder={t('groups.filters.any')}
            yes={t('groups.filters.vip_only')}
            no={t('groups.filters.not_vip')}
            value={filters.vip}
            onChange={(value) => setParam('vip', value)}
            data-testid="filter-vip"
          />
          <Select
            label={t('groups.filters.tag')}
            placeholder={t('groups.filters.any')}
            data={tagOptions}
            value={filters.tag_id ?? null}
            onChange={(value) => setParam('tag_id', value)}
            searchable
            clearable
            data-testid="filter-tag"
          />
        </SimpleGrid>
        {hasFilters && (
          <Row justify="flex-end" mt="sm">
            <Button
              variant="subtle"
              size="xs"
              onClick={clearFilters}
            >
              {t('groups.filters.clear')}
            </Button>
          </Row>
        )}
      </Paper>

      <ProblemAlert error={query.error} />

      <DataTable
        testId="groups-table"
        minWidth={1100}
        columns={columns}
        rows={rows}
        rowKey={(group) => group.id}
        sort={sort}
        onSortChange={setSort}
        onRowClick={(group) => navigate(`/groups/${group.id}`)}
        totalLabel={total === undefined ? undefined : t('groups.count', { count: total })}
        {...more}
        empty={hasFilters ? t('groups.empty_filtered') : can('manage_customer_groups') ? t('groups.empty') : t('groups.empty_read_only')}
      />
      {creating && <GroupDialog onClose={() => setCreating(false)} onSaved={(group) => navigate(`/groups/${group.id}`)} />}
    </Stack>
  );
}
