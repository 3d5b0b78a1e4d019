import { useState } from 'react';
import { ColorInput, Select, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSaveTag, type Tag, type TagCategory } from '../../api/tags';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { TAG_SWATCHES } from './swatches';

interface TagDialogProps {
  tag?: Tag;
  /** The category a new tag goes into. */
  categoryId?: string;
  categories: TagCategory[];
  onClose: () => void;
}

/** Creates a tag, or renames, recolours, archives or moves one to another category. */
export function TagDialog({ tag, categoryId: initialCategory, categories, onClose }: TagDialogProps) {
  const { t } = useTranslation();
  const save = useSaveTag();
  const errors = useFieldErrors(save.error);
  const [name, setName] = useState(tag?.name ?? '');
  const [categoryId, setCategoryId] = useState<string | null>(tag?.category_id ?? initialCategory ?? categories[0]?.id ?? null);
  const [colour, setColour] = useState(tag?.colour ?? '');
  const [archived, setArchived] = useState(tag?.archived ?? false);

  const submit = () => {
    const input = { name: name.trim(), colour: colour || null, archived, category_id: categoryId ?? '' };
    save.mutate(tag ? { id: tag.id, input } : { input }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={tag ? t('tags.tag.edit_title') : t('tags.tag.new_title')}
      onClose={onClose}
      onSubmit={submit}
      error={save.error}
      saving={save.isPending}
      submitLabel={t('common.save')}
    >
      <TextInput
        label={t('tags.tag.name')}
        placeholder={t('tags.tag.name_hint')}
        name="name"
        required
        data-autofocus
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={errors.get('/name')}
      />
      <Select
        label={t('tags.tag.category')}
        description={tag ? t('tags.tag.move_hint') : undefined}
        data={categories.map((category) => ({ value: category.id, label: category.name }))}
        value={categoryId}
        onChange={setCategoryId}
        allowDeselect={false}
        error={errors.get('/category_id')}
        data-testid="tag-category-select"
      />
      <ColorInput
        label={t('tags.colour')}
        description={t('tags.tag.colour_hint')}
        name="colour"
        format="hex"
        swatches={TAG_SWATCHES}
        value={colour}
        onChange={setColour}
        error={errors.get('/colour')}
      />
      <Switch
        label={t('tags.tag.archived_label')}
        description={t('tags.tag.archived_hint')}
        name="archived"
        checked={archived}
        onChange={(event) => setArchived(event.currentTarget.checked)}
        error={errors.get('/archived')}
        mt="xs"
      />
    </FormDialog>
  );
}
