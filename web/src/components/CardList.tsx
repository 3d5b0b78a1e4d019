import type { ReactNode } from 'react';
import { ActionIcon, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { FieldErrors } from './field-errors';
import { IconPlus, IconTrash } from './icons';

interface CardListProps<T extends { key: string }> {
  title: string;
  addLabel: string;
  removeLabel: string;
  /** Shown while the list is empty. */
  none: string;
  items: T[];
  onChange: (items: T[]) => void;
  /** The row the Add button appends. */
  newItem: () => T;
  /** Each card's heading. */
  itemTitle: (item: T, index: number) => string;
  errors: FieldErrors;
  /** The list's JSON pointer (`/contacts`); errors at it and at each item (`/contacts/0`) show in place. */
  pointer: string;
  /** Each card is `${testIdPrefix}-${index}`. */
  testIdPrefix: string;
  readOnly: boolean;
  /** A card's inputs; `update` merges a change into that item. */
  children: (item: T, index: number, update: (patch: Partial<T>) => void) => ReactNode;
}

/** An editable list of cards, one per item, each removable, with an Add button under the heading. */
export function CardList<T extends { key: string }>({
  title,
  addLabel,
  removeLabel,
  none,
  items,
  onChange,
  newItem,
  itemTitle,
  errors,
  pointer,
  testIdPrefix,
  readOnly,
  children,
}: CardListProps<T>) {
  const update = (index: number) => (patch: Partial<T>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...patch } : item)));

  return (
    <Paper withBorder radius="md" p="lg">
      <Group justify="space-between" mb="md">
        <Title order={3} size="h5">
          {title}
        </Title>
        {!readOnly && (
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => onChange([...items, newItem()])}>
            {addLabel}
          </Button>
        )}
      </Group>
      {errors.get(pointer) && (
        <Text c="red" size="sm" mb="sm">
          {errors.get(pointer)}
        </Text>
      )}
      {items.length === 0 && (
        <Text c="dimmed" size="sm">
          {none}
        </Text>
      )}
      <Stack gap="sm">
        {items.map((item, index) => (
          <Paper key={item.key} bg="gray.0" radius="md" p="md" data-testid={`${testIdPrefix}-${index}`}>
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={600} c="dimmed">
                {itemTitle(item, index)}
              </Text>
              {!readOnly && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => onChange(items.filter((_, i) => i !== index))}
                  aria-label={removeLabel}
                  title={removeLabel}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
            {errors.get(`${pointer}/${index}`) && (
              <Text c="red" size="sm" mb="xs">
                {errors.get(`${pointer}/${index}`)}
              </Text>
            )}
            {children(item, index, update(index))}
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
