import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRights } from '../../api/session';
import type { FieldErrors } from '../../components/field-errors';
import { TagBadges } from '../../components/TagBadge';
import { TagPicker } from '../../components/TagPicker';

interface CustomerTagsEditorProps {
  tagIds: string[];
  onChange: (tagIds: string[]) => void;
  errors: FieldErrors;
  /** The form cannot be saved by this user. */
  readOnly: boolean;
}

/** The customer's tags: a picker for users who may assign tags, coloured badges for everyone else. */
export function CustomerTagsEditor({ tagIds, onChange, errors, readOnly }: CustomerTagsEditorProps) {
  const { t } = useTranslation();
  const { can } = useRights();
  const editable = !readOnly && can('assign_customer_tags');
  // An error about one tag (/tag_ids/2) is shown with the picker too.
  const error = errors.get('/tag_ids') ?? tagIds.map((_, index) => errors.get(`/tag_ids/${index}`)).find(Boolean);

  return (
    <Paper withBorder radius="md" p="lg" data-testid="customer-tags">
      <Title order={3} size="h5" mb="md">
        {t('customer.tags.title')}
      </Title>
      {editable ? (
        <TagPicker
          mode="assign"
          value={tagIds}
          onChange={onChange}
          allowCreate={can('manage_customer_tags')}
          description={t('customer.tags.hint')}
          error={error}
          data-testid="customer-tag-picker"
        />
      ) : (
        <>
          <TagBadges ids={tagIds} empty={t('customer.tags.none')} />
          {error && (
            <Text c="red" size="sm" mt="xs">
              {error}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}
