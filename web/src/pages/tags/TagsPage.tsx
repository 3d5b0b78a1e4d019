import { useState } from 'react';
import { Alert, Badge, Button, Center, ColorSwatch, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCustomerCount } from '../../api/customers';
import { useRights } from '../../api/session';
import { useDeleteTag, useDeleteTagCategory, useTagCategories, useTags, type Tag, type TagCategory } from '../../api/tags';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DataTable, type Column } from '../../components/DataTable';
import { IconPlus } from '../../components/icons';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RowActions } from '../../components/RowActions';
import { TagBadge, tagColour } from '../../components/TagBadge';
import { MergeTagDialog } from './MergeTagDialog';
import { TagCategoryDialog } from './TagCategoryDialog';
import { TagDialog } from './TagDialog';
import { TagImportDialog } from './TagImportDialog';

type Dialog =
  | { kind: 'category'; category?: TagCategory }
  | { kind: 'tag'; tag?: Tag; categoryId?: string }
  | { kind: 'merge'; tag: Tag }
  | { kind: 'import' };

/** Tag categories, each with its tags; shown to whoever sees customers, changed with "Manage customer tags". */
export function TagsPage() {
  const { t } = useTranslation();
  const { can } = useRights();
  const canManage = can('manage_customer_tags');
  const categories = useTagCategories();
  const tags = useTags();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // What the last delete or merge did, in the merchant's words.
  const [outcome, setOutcome] = useState<string | null>(null);
  const close = () => setDialog(null);

  const loading = categories.isPending || tags.isPending;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>{t('tags.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('tags.description')}
          </Text>
        </Stack>
        <Group gap="sm">
          {can('import_data') && (
            <Button variant="default" onClick={() => setDialog({ kind: 'import' })}>
              {t('tags.import.open')}
            </Button>
          )}
          {canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'category' })}>
              {t('tags.categories.new')}
            </Button>
          )}
        </Group>
      </Group>

      {outcome && (
        <Alert color="teal" variant="light" withCloseButton onClose={() => setOutcome(null)} data-testid="tags-outcome">
          {outcome}
        </Alert>
      )}
      <ProblemAlert error={categories.error ?? tags.error} />

      {loading && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {!loading && categories.data?.length === 0 && (
        <Paper withBorder radius="md" p="xl">
          <Text c="dimmed" ta="center">
            {canManage ? t('tags.categories.empty') : t('tags.categories.empty_read_only')}
          </Text>
        </Paper>
      )}
      {categories.data?.map((category) => (
        <CategoryCard
          key={category.id}
          category={category}
          tags={(tags.data ?? []).filter((tag) => tag.category_id === category.id)}
          canManage={canManage}
          open={setDialog}
          onOutcome={setOutcome}
        />
      ))}

      {dialog?.kind === 'category' && <TagCategoryDialog category={dialog.category} nextSortOrder={categories.data?.length ?? 0} onClose={close} />}
      {dialog?.kind === 'tag' && (
        <TagDialog tag={dialog.tag} categoryId={dialog.categoryId} categories={categories.data ?? []} onClose={close} />
      )}
      {dialog?.kind === 'merge' && (
        <MergeTagDialog
          tag={dialog.tag}
          onClose={close}
          onMerged={(result, into) => {
            close();
            setOutcome(
              t('tags.merge.outcome', {
                from: dialog.tag.name,
                into: into.name,
                count: result.customers_touched,
                moved: result.customers_moved,
              }),
            );
          }}
        />
      )}
      {dialog?.kind === 'import' && <TagImportDialog onClose={close} />}
    </Stack>
  );
}

interface CategoryCardProps {
  category: TagCategory;
  tags: Tag[];
  canManage: boolean;
  open: (dialog: Dialog) => void;
  onOutcome: (message: string) => void;
}

function CategoryCard({ category, tags, canManage, open, onOutcome }: CategoryCardProps) {
  const { t } = useTranslation();
  const removeCategory = useDeleteTagCategory();
  const removeTag = useDeleteTag();
  const sorted = [...tags].sort((a, b) => a.name.localeCompare(b.name));

  const columns: Column<Tag>[] = [
    {
      key: 'name',
      header: t('tags.tag.name'),
      render: (tag) => <TagBadge name={tag.name} colour={tagColour(tag, category)} archived={tag.archived} size="lg" />,
    },
    {
      key: 'status',
      header: t('tags.tag.status'),
      render: (tag) =>
        tag.archived ? (
          <Badge variant="outline" color="gray" radius="sm">
            {t('tags.archived')}
          </Badge>
        ) : (
          <Text size="sm">{t('tags.active')}</Text>
        ),
    },
    {
      key: 'customers',
      header: t('tags.tag.customers'),
      align: 'right',
      render: (tag) =>
        tag.customers > 0 ? (
          <Text component={Link} to={`/customers?all=${tag.id}`} size="sm" c="indigo" style={{ whiteSpace: 'nowrap' }} data-testid="tag-customers">
            {t('customers.count', { count: tag.customers })}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="tag-customers">
            {t('customers.count', { count: 0 })}
          </Text>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: '',
      align: 'right',
      render: (tag) => (
        <RowActions
          onEdit={() => open({ kind: 'tag', tag })}
          remove={{
            title: t('tags.tag.delete_title'),
            message: t('tags.tag.delete_message', { name: tag.name, count: tag.customers }),
            onConfirm: async () => {
              const result = await removeTag.mutateAsync(tag.id);
              onOutcome(t('tags.tag.deleted', { name: tag.name, count: result.customers_touched }));
            },
          }}
        >
          <Button size="xs" variant="default" onClick={() => open({ kind: 'merge', tag })}>
            {t('tags.merge.open')}
          </Button>
        </RowActions>
      ),
    });
  }

  return (
    <Paper withBorder radius="md" p="lg" data-testid="tag-category" data-category={category.name}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Stack gap={4} style={{ flex: 1, minWidth: 200 }}>
          <Group gap="xs">
            <ColorSwatch color={category.colour ?? 'var(--mantine-color-gray-4)'} size={14} withShadow={false} />
            <Title order={3} size="h4">
              {category.name}
            </Title>
            {category.single_choice && (
              <Badge variant="light" color="violet" radius="sm" tt="none">
                {t('tags.categories.single_choice_badge')}
              </Badge>
            )}
            <Text size="sm" c="dimmed">
              {t('tags.categories.tag_count', { count: category.tag_count })}
            </Text>
          </Group>
          {category.description && (
            <Text size="sm" c="dimmed">
              {category.description}
            </Text>
          )}
        </Stack>
        {canManage && (
          <Group gap="xs">
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => open({ kind: 'tag', categoryId: category.id })}>
              {t('tags.tag.new')}
            </Button>
            <Button size="xs" variant="default" onClick={() => open({ kind: 'category', category })}>
              {t('common.edit')}
            </Button>
            <ConfirmButton
              size="xs"
              title={t('tags.categories.delete_title')}
              message={<CategoryDeleteMessage category={category} tagIds={tags.map((tag) => tag.id)} />}
              confirmLabel={t('common.delete')}
              onConfirm={async () => {
                const result = await removeCategory.mutateAsync(category.id);
                onOutcome(
                  t('tags.categories.deleted', { name: category.name, tags: result.tags_deleted, count: result.customers_touched }),
                );
              }}
            >
              {t('common.delete')}
            </ConfirmButton>
          </Group>
        )}
      </Group>
      <ProblemAlert error={removeCategory.error ?? removeTag.error} />
      <DataTable
        columns={columns}
        rows={sorted}
        rowKey={(tag) => tag.id}
        minWidth={720}
        empty={t('tags.tag.empty')}
        testId={`tags-of-${category.name}`}
      />
    </Paper>
  );
}

/** Says how many tags go and how many customers lose one, counted when the question is asked. */
function CategoryDeleteMessage({ category, tagIds }: { category: TagCategory; tagIds: string[] }) {
  const { t } = useTranslation();
  const count = useCustomerCount({ any: tagIds }, tagIds.length > 0);
  const customers = tagIds.length === 0 ? 0 : count.data;
  return (
    <span data-testid="delete-category-message">
      {t('tags.categories.delete_message', { name: category.name, count: category.tag_count })}{' '}
      {customers === undefined ? '…' : t('tags.categories.delete_customers', { count: customers })}
    </span>
  );
}
