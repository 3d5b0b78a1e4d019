import { Fragment, type MouseEvent, type ReactNode } from 'react';
import { Badge, Button, Center, Group, Loader, Paper, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconSelector, IconSortAsc, IconSortDesc } from './icons';
import { nextSort, type SortTerm } from './sort';
import classes from './DataTable.module.css';

export interface Column<T> {
  key: string;
  header: ReactNode;
  render: (row: T) => ReactNode;
  /** The API's sort key; the header becomes a sort button when set. */
  sortKey?: string;
  width?: number | string;
  align?: 'left' | 'right' | 'center';
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  sort?: SortTerm[];
  onSortChange?: (sort: SortTerm[]) => void;
  onRowClick?: (row: T) => void;
  /** "42 customers": shown under the table when given. */
  totalLabel?: ReactNode;
  hasMore?: boolean;
  onLoadMore?: () => void;
  loadingMore?: boolean;
  loading?: boolean;
  empty?: ReactNode;
  testId?: string;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  /** What shows under a row across the whole width (its details), or null while the row is folded. */
  renderExpanded?: (row: T) => ReactNode;
}

export function DataTable<T>({
  columns,
  rows,
  rowKey,
  sort = [],
  onSortChange,
  onRowClick,
  totalLabel,
  hasMore = false,
  onLoadMore,
  loadingMore = false,
  loading = false,
  empty,
  testId,
  minWidth = 720,
  renderExpanded,
}: DataTableProps<T>) {
  const { t } = useTranslation();

  const headerFor = (column: Column<T>) => {
    if (!column.sortKey || !onSortChange) return column.header;
    const sortKey = column.sortKey;
    const position = sort.findIndex((term) => term.key === sortKey);
    const term = position >= 0 ? sort[position] : undefined;
    const onClick = (event: MouseEvent) => {
      event.preventDefault();
      onSortChange(nextSort(sort, sortKey, event.shiftKey));
    };
    const SortIcon = !term ? IconSelector : term.desc ? IconSortDesc : IconSortAsc;
    return (
      <UnstyledButton
        onClick={onClick}
        className={classes.sortButton}
        data-sort-key={sortKey}
        data-sort-direction={term ? (term.desc ? 'desc' : 'asc') : undefined}
        title={t('table.sort_hint')}
      >
        <span>{column.header}</span>
        <SortIcon size={14} className={term ? classes.sortActive : classes.sortIdle} />
        {term && sort.length > 1 && (
          <Badge size="xs" radius="xl" variant="light" className={classes.sortOrder} data-testid="sort-order">
            {position + 1}
          </Badge>
        )}
      </UnstyledButton>
    );
  };

  const ariaSort = (column: Column<T>) => {
    const term = sort[0];
    if (!column.sortKey || !term || term.key !== column.sortKey) return undefined;
    return term.desc ? 'descending' : 'ascending';
  };

  return (
    <Paper withBorder radius="md" data-testid={testId}>
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table highlightOnHover={Boolean(onRowClick)} verticalSpacing="sm" horizontalSpacing="md">
          <Table.Thead className={classes.head}>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th
                  key={column.key}
                  style={{ width: column.width, textAlign: column.align }}
                  aria-sort={ariaSort(column)}
                >
                  {headerFor(column)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const expanded = renderExpanded?.(row);
              return (
                <Fragment key={rowKey(row)}>
                  <Table.Tr
                    className={onRowClick ? classes.clickable : undefined}
                    onClick={onRowClick ? () => onRowClick(row) : undefined}
                    data-row-id={rowKey(row)}
                  >
                    {columns.map((column) => (
                      <Table.Td key={column.key} style={{ textAlign: column.align }}>
                        {column.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                  {expanded != null && expanded !== false && (
                    <Table.Tr className={classes.expanded} data-expanded-for={rowKey(row)}>
                      <Table.Td colSpan={columns.length}>{expanded}</Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
            {rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Center py="xl">
                    {loading ? <Loader size="sm" /> : <Text c="dimmed">{empty ?? t('table.empty')}</Text>}
                  </Center>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {(totalLabel !== undefined || hasMore) && (
        <Group justify="space-between" px="md" py="sm" className={classes.footer}>
          <Text size="sm" c="dimmed" data-testid="table-total">
            {totalLabel}
          </Text>
          {hasMore && onLoadMore && (
            <Button variant="light" size="xs" onClick={onLoadMore} loading={loadingMore}>
              {t('table.load_more')}
            </Button>
          )}
        </Group>
      )}
    </Paper>
  );
}
