import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage, type FieldErrorEntry } from './field-errors';

interface ProblemAlertProps {
  error: unknown;
  /** Field messages that have no input on screen to sit next to. */
  extra?: FieldErrorEntry[];
  title?: string;
}

export function ProblemAlert({ error, extra = [], title }: ProblemAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t('common.error_title')} role="alert" data-testid="problem-alert">
      {problemMessage(error, t)}
      {extra.length > 0 && (
        <List size="sm" mt="xs">
          {extra.map((entry) => (
            <List.Item key={entry.field + entry.message}>
              <code>{entry.field}</code>: {entry.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
