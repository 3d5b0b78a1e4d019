import { useMemo, useState } from 'react';
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasTagCondition, useCustomers, type Customer, type CustomerFilters, type CustomerType } from '../../api/customers';
import { useRights } from '../../api/session';
import { useListParams } from '../../components/address-params';
import { CountrySelect } from '../../components/CountrySelect';
import { DataTable, type Column } from '../../components/DataTable';
import { DateField } from '../../components/DateField';
import { DateText } from '../../components/DateText';
import { pagedRows } from '../../components/paged';
import { ProblemAlert } from '../../components/ProblemAlert';
import { countryName } from '../../components/countries';
import { GroupSelect } from '../../components/GroupPicker';
import { IconChevronDown, IconDownload, IconGroups, IconPlus, IconTag } from '../../components/icons';
import { TagBadges } from '../../components/TagBadge';
import { SearchInput } from '../../components/SearchInput';
import { YesNoSelect } from '../../components/YesNoSelect';
import { VipBadge } from '../../components/VipBadge';
import { intlLocale } from '../../i18n';
import { BulkGroupsDialog } from './BulkGroupsDialog';
import { BulkTagsDialog } from './BulkTagsDialog';
import { ExportDialog } from './ExportDialog';
import { SavedSearches } from './SavedSearches';
import { filtersFromParams, hasAnyFilter, paramsFromFilters, type FilterParam, type TagParam } from './search-params';
import { TagConditionFields } from '../../components/TagConditionFields';
import { matchCount } from './match-count';

export function CustomersPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { can } = useRights();
  // Filters live in the address, so the back button and a shared link keep them.
  const { params, replace: replaceParams, setParam, search, setSearch, sort, setSort, clearFilters } = useListParams<FilterParam | TagParam>();

  const filters = useMemo<CustomerFilters>(() => filtersFromParams(params), [params]);
  const [advanced, setAdvanced] = useState(() => hasTagCondition(filters));
  const [dialog, setDialog] = useState<'export' | 'bulk' | 'bulk-groups' | null>(null);
  const runSearch = (next: CustomerFilters) => {
    setSearch(next.q ?? '');
    if (hasTagCondition(next)) setAdvanced(true);
    replaceParams(paramsFromFilters(next));
  };

  const query = useCustomers(filters);
  const { rows, total, more } = pagedRows(query);
  // A text lookup counts up to a cap: then the total reads "1,000+".
  const capped = query.data?.pages[0]?.total_capped ?? false;
  const locale = intlLocale(i18n.language);
  const hasFilters = hasAnyFilter(params);

  const columns: Column<Customer>[] = [
    {
      key: 'name',
      header: t('customers.columns.name'),
      sortKey: 'name',
      render: (customer) => (
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500}>
              {customer.name}
            </Text>
            {customer.vip && <VipBadge size="xs" data-testid="customer-row-vip" />}
          </Group>
          {customer.company_name && customer.company_name !== customer.name && (
            <Text size="xs" c="dimmed">
              {customer.company_name}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'code',
      header: t('customers.columns.code'),
      sortKey: 'code',
      render: (customer) =>
        customer.code ? (
          <Text size="sm" ff="monospace">
            {customer.code}
          </Text>
        ) : (
          <Text c="dimmed">—</Text>
        ),
    },
    {
      key: 'type',
      header: t('customers.columns.type'),
      sortKey: 'type',
      render: (customer) => (
        // The label keeps its width: by default a badge shortens it with an ellipsis, and the table's narrowest
        // column showed "BUSIN...".
        <Badge variant="light" color={customer.type === 'business' ? 'grape' : 'teal'} radius="sm" styles={{ label: { overflow: 'visible' } }}>
          {t(`customers.type.${customer.type}`)}
        </Badge>
      ),
    },
    {
      key: 'email',
      header: t('customers.columns.email'),
      render: (customer) => {
        const email = customer.contacts.find((contact) => contact.email)?.email;
        return email ? <Text size="sm">{email}</Text> : <Text c="dimmed">—</Text>;
      },
    },
    {
      key: 'country',
      header: t('customers.columns.country'),
      sortKey: 'country',
      render: (customer) =>
        customer.country ? (
          <Text size="sm" title={customer.country}>
            {countryName(customer.country, locale)}
          </Text>
        ) : (
          <Text c="dimmed">—</Text>
        ),
    },
    {
      key: 'tags',
      header: t('customers.columns.tags'),
      render: (customer) => <TagBadges ids={customer.tag_ids} />,
    },
    {
      key: 'created_at',
      header: t('customers.columns.created_at'),
      sortKey: 'created_at',
      render: (customer) => <DateText size="sm" value={customer.created_at} />,
    },
    {
      key: 'updated_at',
      header: t('customers.columns.updated_at'),
      sortKey: 'updated_at',
      render: (customer) => <DateText size="sm" value={customer.updated_at} />,
    },
  ];

  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2}>{t('customers.title')}</Title>
        {can('manage_customers') && (
          <Button component={Link} to="/customers/new" leftSection={<IconPlus size={16} />}>
            {t('customers.new')}
          </Button>
        )}
      </Group>

      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <SearchInput label={t('customers.filters.search')} placeholder={t('customers.filters.search_placeholder')} value={search} onChange={setSearch} />
          <Select
            label={t('customers.filters.type')}
            placeholder={t('customers.filters.any_type')}
            data={(['consumer', 'business'] satisfies CustomerType[]).map((type) => ({
              value: type,
              label: t(`customers.type.${type}`),
            }))}
            value={filters.type ?? null}
            onChange={(value) => setParam('type', value)}
            clearable
            data-testid="filter-type"
          />
          <CountrySelect
            label={t('customers.filters.country')}
            placeholder={t('customers.filters.any_country')}
            value={filters.country ?? null}
            onChange={(value) => setParam('country', value)}
            data-testid="filter-country"
          />
          <YesNoSelect
            label={t('customerGroups.filters.vip')}
            placeholder={t('customerGroups.filters.any')}
            yes={t('customerGroups.filters.vip_only')}
            no={t('customerGroups.filters.not_vip')}
            value={filters.vip}
            onChange={(value) => setParam('vip', value)}
            data-testid="filter-vip"
          />
          <GroupSelect
            label={t('customerGroups.filters.group')}
            placeholder={t('customerGroups.filters.any_group')}
            value={filters.group_id ?? null}
            onChange={(value) => setParam('group_id', value)}
            data-testid="filter-group"
          />
          <DateField
            label={t('customers.filters.created_from')}
            value={filters.created_from ?? null}
            onChange={(value) => setParam('created_from', value)}
            data-testid="filter-created-from"
          />
          <DateField
            label={t('customers.filters.created_to')}
            value={filters.created_to ?? null}
            onChange={(value) => setParam('created_to', value)}
            data-testid="filter-created-to"
          />
        </SimpleGrid>
        {advanced && (
          <Stack gap="xs" mt="md">
            <Text size="sm" fw={600}>
              {t('customers.advanced.tags_title')}
            </Text>
            <TagConditionFields value={filters} onChange={(name, ids) => setParam(name, ids.join(',') || null)} />
          </Stack>
        )}
        <Group justify="space-between" mt="sm">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconTag size={14} />}
            rightSection={<IconChevronDown size={14} style={{ transform: advanced ? 'rotate(180deg)' : undefined }} />}
            onClick={() => setAdvanced((open) => !open)}
            aria-expanded={advanced}
            data-testid="advanced-toggle"
          >
            {t('customers.advanced.toggle')}
          </Button>
          {hasFilters && (
            <Button
              variant="subtle"
              size="xs"
              onClick={clearFilters}
            >
              {t('customers.filters.clear')}
            </Button>
          )}
        </Group>
      </Paper>

      <Group justify="space-between" gap="sm">
        <Group gap="xs">
          <SavedSearches filters={filters} onRun={runSearch} />
        </Group>
        <Group gap="xs">
          {can('assign_customer_tags') && (
            <Button variant="default" leftSection={<IconTag size={16} />} onClick={() => setDialog('bulk')} disabled={!total}>
              {t('customers.bulk.open')}
            </Button>
          )}
          {can('assign_customers_to_groups') && (
            <Button variant="default" leftSection={<IconGroups size={16} />} onClick={() => setDialog('bulk-groups')} disabled={!total}>
              {t('customerGroups.bulk.open')}
            </Button>
          )}
          {can('export_data') && (
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => setDialog('export')} disabled={!total}>
              {t('customers.export.open')}
            </Button>
          )}
        </Group>
      </Group>
      {dialog === 'export' && <ExportDialog filters={filters} total={total} capped={capped} onClose={() => setDialog(null)} />}
      {dialog === 'bulk' && <BulkTagsDialog filters={filters} total={total} capped={capped} onClose={() => setDialog(null)} />}
      {dialog === 'bulk-groups' && <BulkGroupsDialog filters={filters} total={total} capped={capped} onClose={() => setDialog(null)} />}

      {query.error && <ProblemAlert error={query.error} />}

      <DataTable
        testId="customers-table"
        minWidth={1100}
        columns={columns}
        rows={rows}
        rowKey={(customer) => customer.id}
        sort={sort}
        onSortChange={setSort}
        onRowClick={(customer) => navigate(`/customers/${customer.id}`)}
        totalLabel={total === undefined ? undefined : matchCount(t, 'customers.count', total, capped)}
        {...more}
        empty={hasFilters ? t('customers.empty_filtered') : t('customers.empty')}
      />
    </Stack>
  );
}
