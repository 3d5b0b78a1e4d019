import { useMemo, useState } from 'react';
import { Alert, Autocomplete, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/client';
import { useDeleteProduct, useProducts, useSaveProduct, type Product, type ProductFilters } from '../../api/products';
import { useRights } from '../../api/session';
import { useDebouncedParam, useListParams } from '../../components/address-params';
import { DataTable, type Column } from '../../components/DataTable';
import { IconPlus } from '../../components/icons';
import { MoneyText } from '../../components/MoneyText';
import { pagedRows } from '../../components/paged';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RowActions } from '../../components/RowActions';
import { type SortTerm } from '../../components/sort';
import { SearchInput } from '../../components/SearchInput';
import { YesNoSelect } from '../../components/YesNoSelect';
import { ProductDialog } from './ProductDialog';

const FILTER_PARAMS = ['q', 'classification', 'active', 'sort'] as const;
type FilterParam = (typeof FILTER_PARAMS)[number];

function filtersFromParams(params: URLSearchParams): ProductFilters {
  const active = params.get('active');
  return {
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    ...(params.get('classification') ? { classification: params.get('classification')! } : {}),
    ...(active === 'true' || active === 'false' ? { active: active === 'true' } : {}),
    ...(params.get('sort') ? { sort: params.get('sort')! } : {}),
  };
}

/** The store's products: what sales lines point at for their classification and cost. */
export function ProductsPage() {
  const { t } = useTranslation();
  const { can } = useRights();
  const canManage = can('manage_products');
  const list = useListParams<FilterParam>();
  const { params, setParam, search, setSearch, sort } = list;
  const [classification, setClassification] = useDebouncedParam(list, 'classification', (value) => value.trim().toLowerCase());
  // { product: undefined } is the dialog for a new product; null is no dialog.
  const [dialog, setDialog] = useState<{ product?: Product } | null>(null);
  // A product that was sold cannot be deleted; the page offers to deactivate it instead.
  const [sold, setSold] = useState<Product | null>(null);

  const filters = useMemo(() => filtersFromParams(params), [params]);
  const query = useProducts(filters);
  const remove = useDeleteProduct();
  const deactivate = useSaveProduct();
  const { rows, total, more } = pagedRows(query);
  // The API sorts by one key; without one it sorts by name.
  const changeSort = (next: SortTerm[]) => {
    const changed = next.find((term) => !sort.some((old) => old.key === term.key && old.desc === term.desc)) ?? next[0];
    setParam('sort', changed ? `${changed.desc ? '-' : ''}${changed.key}` : null);
  };
  // Classifications seen on the loaded pages, offered while typing the filter.
  const knownClassifications = useMemo(() => [...new Set(rows.flatMap((product) => product.classifications))].sort(), [rows]);

  const deleteProduct = async (product: Product) => {
    setSold(null);
    try {
      await remove.mutateAsync(product.id);
    } catch (error) {
      if (isProblem(error, 'product.has_sales')) {
        remove.reset();
        setSold(product);
      }
    }
  };

  const columns: Column<Product>[] = [
    {
      key: 'sku',
      header: t('products.columns.sku'),
      sortKey: 'sku',
      render: (product) => (
        <Text size="sm" ff="monospace">
          {product.sku}
        </Text>
      ),
    },
    {
      key: 'name',
      header: t('products.columns.name'),
      sortKey: 'name',
      render: (product) => (
        <Text size="sm" fw={500}>
          {product.name}
        </Text>
      ),
    },
    {
      key: 'classifications',
      header: t('products.columns.classifications'),
      render: (product) => (
        <Group gap={4}>
          {product.classifications.map((name) => (
            <Badge key={name} variant="light" color="gray" radius="sm" tt="none">
              {name}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'list_price',
      header: t('products.columns.list_price'),
      sortKey: 'list_price',
      align: 'right',
      render: (product) => <MoneyText size="sm" amountMinor={product.list_price} currency={product.currency} />,
    },
    {
      key: 'unit_cost',
      header: t('products.columns.unit_cost'),
      align: 'right',
      render: (product) =>
        product.unit_cost === null ? (
          <Text size="sm" c="dimmed" title={t('products.cost_unknown')}>
            —
          </Text>
        ) : (
          <MoneyText size="sm" amountMinor={product.unit_cost} currency={product.currency} />
        ),
    },
    {
      key: 'active',
      header: t('products.columns.status'),
      render: (product) =>
        product.active ? (
          <Text size="sm">{t('products.active')}</Text>
        ) : (
          <Badge variant="outline" color="gray" radius="sm">
            {t('products.inactive')}
          </Badge>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: '',
      align: 'right',
      render: (product) => (
        <div onClick={(event) => event.stopPropagation()}>
          <RowActions
            onEdit={() => setDialog({ product })}
            remove={{
              title: t('products.delete_title'),
              message: t('products.delete_message', { name: product.name, sku: product.sku }),
              onConfirm: () => deleteProduct(product),
            }}
          />
        </div>
      ),
    });
  }

  const hasFilters = Boolean(filters.q || filters.classification || filters.active !== undefined);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>{t('products.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('products.description')}
          </Text>
        </Stack>
        {canManage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({})}>
            {t('products.new')}
          </Button>
        )}
      </Group>

      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <SearchInput label={t('products.filters.search')} placeholder={t('products.filters.search_placeholder')} value={search} onChange={setSearch} />
          <Autocomplete
            label={t('products.filters.classification')}
            placeholder={t('products.filters.any_classification')}
            data={knownClassifications}
            value={classification}
            onChange={setClassification}
            clearable
            name="classification"
            data-testid="filter-classification"
          />
          <YesNoSelect
            label={t('products.filters.status')}
            placeholder={t('products.filters.any_status')}
            yes={t('products.filters.active_only')}
            no={t('products.filters.inactive_only')}
            value={filters.active}
            onChange={(value) => setParam('active', value)}
            data-testid="filter-active"
          />
        </SimpleGrid>
      </Paper>

      {sold && (
        <Alert color="orange" variant="light" title={t('products.sold_title')} withCloseButton onClose={() => setSold(null)} data-testid="product-sold">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('products.sold_body', { name: sold.name })}</Text>
            {sold.active && (
              <Button
                size="xs"
                color="orange"
                loading={deactivate.isPending}
                onClick={() => deactivate.mutate({ id: sold.id, input: { active: false } }, { onSuccess: () => setSold(null) })}
              >
                {t('products.deactivate')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      <ProblemAlert error={query.error ?? remove.error ?? deactivate.error} />

      <DataTable
        testId="products-table"
        minWidth={900}
        columns={columns}
        rows={rows}
        rowKey={(product) => product.id}
        sort={sort}
        onSortChange={changeSort}
        onRowClick={(product) => setDialog({ product })}
        totalLabel={total === undefined ? undefined : t('products.count', { count: total })}
        {...more}
        empty={hasFilters ? t('products.empty_filtered') : t('products.empty')}
      />
      {dialog && <ProductDialog product={dialog.product} readOnly={!canManage} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
