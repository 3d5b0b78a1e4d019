import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TagPicker } from './TagPicker';

export type TagConditionName = 'all' | 'any' | 'none';
export type TagConditionValue = Partial<Record<TagConditionName, string[]>>;

interface TagConditionFieldsProps {
  value: TagConditionValue;
  onChange: (name: TagConditionName, ids: string[]) => void;
}

/** AND / OR / NONE of tags: every one, at least one, none of them (the customer search and the reports). */
export function TagConditionFields({ value, onChange }: TagConditionFieldsProps) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm" data-testid="tag-condition">
      {(['all', 'any', 'none'] as const).map((name) => (
        <TagPicker
          key={name}
          mode="search"
          label={t(`customers.advanced.${name}`)}
          description={t(`customers.advanced.${name}_hint`)}
          value={value[name] ?? []}
          onChange={(ids) => onChange(name, ids)}
          data-testid={`tags-${name}`}
        />
      ))}
    </SimpleGrid>
  );
}
