import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './ConfirmButton';

interface RowActionsProps {
  onEdit: () => void;
  /** Edit by default; View where the row cannot change. */
  editLabel?: string;
  /** The delete button and its question; left out where the row cannot be deleted. */
  remove?: { title: string; message: string; onConfirm: () => Promise<unknown> } | false;
  /** Buttons between Edit and Delete. */
  children?: ReactNode;
}

/** A list row's buttons: Edit, any of the row's own, then Delete after confirming. */
export function RowActions({ onEdit, editLabel, remove, children }: RowActionsProps) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      <Button size="xs" variant="default" onClick={onEdit}>
        {editLabel ?? t('common.edit')}
      </Button>
      {children}
      {remove && (
        <ConfirmButton
          size="xs"
          title={remove.title}
          message={remove.message}
          confirmLabel={t('common.delete')}
          onConfirm={remove.onConfirm}
        >
          {t('common.delete')}
        </ConfirmButton>
      )}
    </Group>
  );
}
