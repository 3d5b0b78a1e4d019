import type { FormEvent, ReactNode } from 'react';
import { Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './ProblemAlert';

interface FormDialogProps {
  title: ReactNode;
  size?: ModalProps['size'];
  onClose: () => void;
  onSubmit: () => void;
  /** The failed save, shown above the fields. */
  error: unknown;
  saving: boolean;
  submitLabel: string;
  /** Shows the fields with nothing to save: one Close button, and submitting closes. */
  readOnly?: boolean;
  children: ReactNode;
}

/** A form in a modal: the save's problem on top, Cancel and the submit button at the bottom. */
export function FormDialog({ title, size, onClose, onSubmit, error, saving, submitLabel, readOnly = false, children }: FormDialogProps) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) onClose();
    else onSubmit();
  };

  return (
    <Modal opened onClose={onClose} title={title} centered size={size}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={error} />
          {children}
          <Group justify="flex-end" mt="md">
            {readOnly ? (
              <Button onClick={onClose}>{t('common.close')}</Button>
            ) : (
              <>
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={saving}>
                  {submitLabel}
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
