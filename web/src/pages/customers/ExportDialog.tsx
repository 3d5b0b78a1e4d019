import { useState } from 'react';
import { Checkbox, Input, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomFields } from '../../api/custom-fields';
import {
  DEFAULT_EXPORT_COLUMNS,
  EXPORT_COLUMNS,
  useExportCustomers,
  type CustomerFilters,
  type ExportColumn,
} from '../../api/customers';
import { saveFile } from '../../components/download';
import { FormDialog } from '../../components/FormDialog';
import { matchCount } from './match-count';

interface ExportDialogProps {
  filters: CustomerFilters;
  /** How many customers the file will hold. */
  total: number | undefined;
  /** The total is a text lookup's cap: more customers match, and every one of them goes in the file. */
  capped: boolean;
  onClose: () => void;
}

/** Choose the columns, then download every customer the search matches as CSV. */
export function ExportDialog({ filters, total, capped, onClose }: ExportDialogProps) {
  const { t } = useTranslation();
  const { data: fields = [] } = useCustomFields();
  const run = useExportCustomers();
  const [columns, setColumns] = useState<string[]>([...DEFAULT_EXPORT_COLUMNS]);

  const options = [
    ...EXPORT_COLUMNS.map((column) => ({ value: column, label: t(`customers.export.columns.${column}`) })),
    ...fields.map((field) => ({ value: `custom_fields.${field.key}`, label: field.label })),
  ];
  // The file keeps the order of the list above, whatever order the boxes were ticked in.
  const ordered = options.map((option) => option.value).filter((value) => columns.includes(value)) as ExportColumn[];

  const submit = () =>
    ordered.length > 0 &&
    run.mutate(
      { filters, columns: ordered },
      {
        onSuccess: ({ blob, filename }) => {
          saveFile(blob, filename ?? `customers-${new Date().toISOString().slice(0, 10)}.csv`);
          onClose();
        },
      },
    );

  return (
    <FormDialog
      title={t('customers.export.title')}
      size="lg"
      onClose={onClose}
      onSubmit={submit}
      error={run.error}
      saving={run.isPending}
      submitLabel={t('customers.export.download')}
    >
      <Text size="sm" data-testid="export-count">
        {total === undefined
          ? t('customers.export.hint')
          : matchCount(t, 'customers.export.count', total, capped)}
      </Text>
      <Input.Wrapper label={t('customers.export.columns_label')} error={columns.length === 0 ? t('customers.export.columns_required') : undefined}>
        <Checkbox.Group value={columns} onChange={setColumns}>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" mt="xs">
            {options.map((option) => (
              <Checkbox key={option.value} value={option.value} label={option.label} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      </Input.Wrapper>
    </FormDialog>
  );
}
