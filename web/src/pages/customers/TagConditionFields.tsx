import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomerFilters } from '../../api/customers';
import { TagPicker } from '../../components/TagPicker';
import type { TagParam } from './search-params';

interface TagConditionFieldsProps {
  filters: CustomerFilters;
  onChange: (name: TagParam, ids: string[]) => void;
}

/** AND / OR / NONE of tags: every one, at least one, none of them. */
export function TagConditionFields({ filters, onChange }: TagConditionFieldsProps) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm" data-testid="tag-condition">
      {(['all', 'any', 'none'] as const).map((name) => (
        <TagPicker
          key={name}
          mode="search"
          label={t(`customers.advanced.${name}`)}
          description={t(`customers.advanced.${name}_hint`)}
          value={filters[name] ?? []}
          onChange={(ids) => onChange(name, ids)}
          data-testid={`tags-${name}`}
        />
      ))}
    </SimpleGrid>
  );
}
