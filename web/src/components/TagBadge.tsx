import { Badge, Group, Text, Tooltip, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTagCategories, useTags, type Tag, type TagCategory } from '../api/tags';

/** A tag's own colour, else its category's, else grey. */
export function tagColour(tag: Pick<Tag, 'colour'>, category?: Pick<TagCategory, 'colour'>): string {
  return tag.colour ?? category?.colour ?? 'gray';
}

interface TagBadgeProps extends Omit<BadgeProps, 'color'> {
  name: string;
  colour: string;
  archived?: boolean;
  /** The category's name, shown on hover. */
  category?: string;
}

/** A tag as a coloured badge; an archived one is outlined and says so on hover. */
export function TagBadge({ name, colour, archived = false, category, ...props }: TagBadgeProps) {
  const { t } = useTranslation();
  const hint = [category, archived ? t('tags.archived') : undefined].filter(Boolean).join(' · ');
  return (
    <Tooltip label={hint} disabled={!hint} openDelay={300}>
      <Badge
        color={colour}
        variant={archived ? 'outline' : 'light'}
        radius="sm"
        tt="none"
        style={archived ? { borderStyle: 'dashed' } : undefined}
        data-tag={name}
        {...props}
      >
        {name}
      </Badge>
    </Tooltip>
  );
}

/** Tags by id as badges, in category order then by name; ids no longer known are left out. */
export function TagBadges({ ids, empty = '—' }: { ids: readonly string[]; empty?: string }) {
  const { data: tags = [] } = useTags();
  const { data: categories = [] } = useTagCategories();
  const categoryOf = new Map(categories.map((category, index) => [category.id, { category, index }]));
  const shown = tags
    .filter((tag) => ids.includes(tag.id))
    .sort(
      (a, b) =>
        (categoryOf.get(a.category_id)?.index ?? 0) - (categoryOf.get(b.category_id)?.index ?? 0) || a.name.localeCompare(b.name),
    );
  if (shown.length === 0) {
    return (
      <Text span c="dimmed" size="sm">
        {empty}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {shown.map((tag) => {
        const category = categoryOf.get(tag.category_id)?.category;
        return (
          <TagBadge key={tag.id} name={tag.name} colour={tagColour(tag, category)} archived={tag.archived} category={category?.name} />
        );
      })}
    </Group>
  );
}
