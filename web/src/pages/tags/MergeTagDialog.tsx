import { useState } from 'react';
import { Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMergeTag, useTagCategories, useTags, type Tag, type TagMerged } from '../../api/tags';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';

interface MergeTagDialogProps {
  /** The tag that goes; its customers get the one picked here. */
  tag: Tag;
  onClose: () => void;
  onMerged: (result: TagMerged, into: Tag) => void;
}

export function MergeTagDialog({ tag, onClose, onMerged }: MergeTagDialogProps) {
  const { t } = useTranslation();
  const { data: tags = [] } = useTags();
  const { data: categories = [] } = useTagCategories();
  const merge = useMergeTag();
  const errors = useFieldErrors(merge.error);
  const [intoId, setIntoId] = useState<string | null>(null);

  const data = categories
    .map((category) => ({
      group: category.name,
      items: tags
        .filter((other) => other.category_id === category.id && other.id !== tag.id)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((other) => ({ value: other.id, label: other.name })),
    }))
    .filter((group) => group.items.length > 0);
  const into = tags.find((other) => other.id === intoId);

  return (
    <FormDialog
      title={t('tags.merge.title', { name: tag.name })}
      onClose={onClose}
      onSubmit={() => into && merge.mutate({ id: tag.id, intoTagId: into.id }, { onSuccess: (result) => onMerged(result, into) })}
      error={merge.error}
      saving={merge.isPending}
      submitLabel={t('tags.merge.submit')}
    >
      <Select
        label={t('tags.merge.keep')}
        placeholder={t('tags.merge.keep_placeholder')}
        data={data}
        value={intoId}
        onChange={setIntoId}
        searchable
        required
        error={errors.get('/into_tag_id')}
        data-testid="merge-into"
        comboboxProps={{ withinPortal: true }}
      />
      <Text size="sm" data-testid="merge-message">
        {into
          ? t('tags.merge.message', { from: tag.name, into: into.name, count: tag.customers })
          : t('tags.merge.message_pick', { from: tag.name, count: tag.customers })}
      </Text>
    </FormDialog>
  );
}
