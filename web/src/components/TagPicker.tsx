import { useMemo, useState } from 'react';
import { Badge, ColorSwatch, Group, MultiSelect, Pill, Text, type ComboboxItem, type ComboboxItemGroup } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSaveTag, useTagCategories, useTags, type Tag, type TagCategory } from '../api/tags';
import { problemMessage } from './field-errors';
import { tagColour } from './TagBadge';

/** The value of the "create this tag" option of a category, never sent to the API. */
const CREATE_PREFIX = 'create:';

interface TagPickerProps {
  value: string[];
  onChange: (ids: string[]) => void;
  /**
   * assign: for a customer's tags; archived tags are not offered (but stay when already there) and a
   * single-choice category keeps one tag. search: for a condition; every tag, in any combination.
   */
  mode: 'assign' | 'search';
  /** Offers to create the typed name as a new tag of a category (needs the right to manage tags). */
  allowCreate?: boolean;
  label?: string;
  description?: string;
  placeholder?: string;
  error?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/** Picks tags grouped by category, each shown in its colour. */
export function TagPicker({ value, onChange, mode, allowCreate = false, label, description, placeholder, error, disabled, ...rest }: TagPickerProps) {
  const { t } = useTranslation();
  const { data: tags = [] } = useTags();
  const { data: categories = [] } = useTagCategories();
  const create = useSaveTag();
  const [search, setSearch] = useState('');

  const tagById = useMemo(() => new Map(tags.map((tag) => [tag.id, tag])), [tags]);
  const categoryById = useMemo(() => new Map(categories.map((category) => [category.id, category])), [categories]);

  const typed = search.trim();
  const data = useMemo(() => {
    const groups: ComboboxItemGroup<ComboboxItem>[] = categories
      .map((category) => ({
        group: category.name,
        items: tags
          .filter((tag) => tag.category_id === category.id)
          .filter((tag) => mode === 'search' || !tag.archived || value.includes(tag.id))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((tag) => ({ value: tag.id, label: tag.name })),
      }))
      .filter((group) => group.items.length > 0);
    if (allowCreate && typed) {
      const newIn = categories.filter(
        (category) => !tags.some((tag) => tag.category_id === category.id && tag.name.toLowerCase() === typed.toLowerCase()),
      );
      if (newIn.length > 0) {
        groups.push({
          group: t('tag_picker.create_group'),
          items: newIn.map((category) => ({
            value: `${CREATE_PREFIX}${category.id}`,
            label: t('tag_picker.create_in', { name: typed, category: category.name }),
          })),
        });
      }
    }
    return groups;
  }, [categories, tags, mode, value, allowCreate, typed, t]);

  // Only ids with an option can show as pills (the lists may still be loading); the others are kept as they are.
  const shown = new Set(data.flatMap((group) => group.items.map((item) => item.value)));
  const hidden = value.filter((id) => !shown.has(id));

  /** A tag of a single-choice category replaces the other tag of that category. */
  const keepOnePerSingleChoice = (next: string[], added: string[]): string[] => {
    if (mode !== 'assign') return next;
    let result = next;
    for (const id of added) {
      const categoryId = tagById.get(id)?.category_id;
      if (!categoryId || !categoryById.get(categoryId)?.single_choice) continue;
      result = result.filter((other) => other === id || tagById.get(other)?.category_id !== categoryId);
    }
    return result;
  };

  const change = (next: string[]) => {
    const creating = next.find((id) => id.startsWith(CREATE_PREFIX));
    if (creating) {
      const categoryId = creating.slice(CREATE_PREFIX.length);
      create.mutate(
        { input: { category_id: categoryId, name: typed } },
        {
          onSuccess: (tag) => {
            setSearch('');
            const single = mode === 'assign' && categoryById.get(tag.category_id)?.single_choice;
            onChange([...value.filter((id) => !single || tagById.get(id)?.category_id !== tag.category_id), tag.id]);
          },
        },
      );
      return;
    }
    create.reset();
    onChange(keepOnePerSingleChoice([...hidden, ...next], next.filter((id) => !value.includes(id))));
  };

  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? (placeholder ?? t('tag_picker.placeholder')) : undefined}
      data={data}
      value={value.filter((id) => shown.has(id))}
      onChange={change}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      hidePickedOptions
      clearable
      disabled={disabled}
      error={error ?? (create.error ? problemMessage(create.error, t) : undefined)}
      nothingFoundMessage={t('tag_picker.nothing_found')}
      maxDropdownHeight={320}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => <TagOption option={option} tag={tagById.get(option.value)} categoryById={categoryById} />}
      renderPill={({ option, onRemove, disabled: pillDisabled }) => {
        if (!option) return null;
        const tag = tagById.get(String(option.value));
        const colour = tag ? tagColour(tag, categoryById.get(tag.category_id)) : 'gray';
        return (
          <Pill
            withRemoveButton={!pillDisabled}
            onRemove={onRemove}
            disabled={pillDisabled}
            data-tag={option.label}
            title={tag?.archived ? t('tags.archived') : categoryById.get(tag?.category_id ?? '')?.name}
            style={tag?.archived ? { textDecoration: 'line-through' } : undefined}
          >
            <Group gap={6} wrap="nowrap" component="span">
              <ColorSwatch component="span" color={colour} size={8} withShadow={false} />
              {option.label}
            </Group>
          </Pill>
        );
      }}
      {...rest}
    />
  );
}

function TagOption({ option, tag, categoryById }: { option: { value: string; label: string }; tag?: Tag; categoryById: Map<string, TagCategory> }) {
  const { t } = useTranslation();
  if (!tag) {
    return (
      <Text size="sm" c="indigo" fw={500}>
        {option.label}
      </Text>
    );
  }
  return (
    <Group gap={8} wrap="nowrap">
      <ColorSwatch color={tagColour(tag, categoryById.get(tag.category_id))} size={10} withShadow={false} />
      <Text size="sm">{option.label}</Text>
      {tag.archived && (
        <Badge size="xs" variant="outline" color="gray">
          {t('tags.archived')}
        </Badge>
      )}
    </Group>
  );
}
