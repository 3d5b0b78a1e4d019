import { useState } from 'react';
import { ColorInput, NumberInput, Switch, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSaveTagCategory, type TagCategory } from '../../api/tags';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { TAG_SWATCHES } from './swatches';

interface TagCategoryDialogProps {
  category?: TagCategory;
  nextSortOrder: number;
  onClose: () => void;
}

export function TagCategoryDialog({ category, nextSortOrder, onClose }: TagCategoryDialogProps) {
  const { t } = useTranslation();
  const save = useSaveTagCategory();
  const errors = useFieldErrors(save.error);
  const [name, setName] = useState(category?.name ?? '');
  const [description, setDescription] = useState(category?.description ?? '');
  const [colour, setColour] = useState(category?.colour ?? '');
  const [sortOrder, setSortOrder] = useState<number>(category?.sort_order ?? nextSortOrder);
  const [singleChoice, setSingleChoice] = useState(category?.single_choice ?? false);

  const submit = () => {
    const input = {
      name: name.trim(),
      description: description.trim() || null,
      colour: colour || null,
      sort_order: sortOrder,
      single_choice: singleChoice,
    };
    save.mutate(category ? { id: category.id, input } : { input }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={category ? t('tags.categories.edit_title') : t('tags.categories.new_title')}
      onClose={onClose}
      onSubmit={submit}
      error={save.error}
      saving={save.isPending}
      submitLabel={t('common.save')}
    >
      <TextInput
        label={t('tags.categories.name')}
        placeholder={t('tags.categories.name_hint')}
        name="name"
        required
        data-autofocus
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={errors.get('/name')}
      />
      <Textarea
        label={t('tags.categories.description_label')}
        name="description"
        autosize
        minRows={2}
        value={description}
        onChange={(event) => setDescription(event.currentTarget.value)}
        error={errors.get('/description')}
      />
      <ColorInput
        label={t('tags.colour')}
        description={t('tags.categories.colour_hint')}
        name="colour"
        format="hex"
        swatches={TAG_SWATCHES}
        value={colour}
        onChange={setColour}
        error={errors.get('/colour')}
      />
      <NumberInput
        label={t('tags.categories.sort_order')}
        name="sort_order"
        value={sortOrder}
        onChange={(value) => setSortOrder(typeof value === 'number' ? value : Number(value) || 0)}
        allowDecimal={false}
        error={errors.get('/sort_order')}
      />
      <Switch
        label={t('tags.categories.single_choice')}
        description={t('tags.categories.single_choice_hint')}
        name="single_choice"
        checked={singleChoice}
        onChange={(event) => setSingleChoice(event.currentTarget.checked)}
        error={errors.get('/single_choice')}
        mt="xs"
      />
    </FormDialog>
  );
}
