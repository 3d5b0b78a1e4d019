import { useState, type ReactNode } from 'react';
import { Button, Stack } from '@mantine/core';
import { DataTable, type Column, type DataTableProps } from './DataTable';
import { IconPlus } from './icons';
import { ProblemAlert } from './ProblemAlert';
import { SectionHeader } from './SectionHeader';

interface ListWithDialogProps<T> extends Omit<DataTableProps<T>, 'columns'> {
  title: string;
  description: string;
  /** The header's button, which opens the dialog empty. */
  newLabel: string;
  /** Loading the list or acting on a row failed. */
  error: unknown;
  /** `open` shows the dialog for a row, for a row's Edit button. */
  columns: (open: (row: T) => void) => Column<T>[];
  /** The dialog for a new row (undefined) or for the row opened; `close` hides it. */
  dialog: (row: T | undefined, close: () => void) => ReactNode;
  /** More to show under the list, such as a dialog that follows the first one. */
  children?: ReactNode;
}

/** A settings list: a header with a New button, the table, and one dialog to create or edit a row. */
export function ListWithDialog<T>({ title, description, newLabel, error, columns, dialog, children, ...table }: ListWithDialogProps<T>) {
  // { row: undefined } is the dialog for a new row; null is no dialog.
  const [opened, setOpened] = useState<{ row?: T } | null>(null);
  const close = () => setOpened(null);

  return (
    <Stack gap={0}>
      <SectionHeader
        title={title}
        description={description}
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setOpened({})}>
            {newLabel}
          </Button>
        }
      />
      <ProblemAlert error={error} />
      <DataTable {...table} columns={columns((row) => setOpened({ row }))} />
      {opened && dialog(opened.row, close)}
      {children}
    </Stack>
  );
}
