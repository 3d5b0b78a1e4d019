import { useState } from 'react';
import { Button, Checkbox, FileInput, Group, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/client';
import { useImportTags, type RowError, type TagImportReport } from '../../api/tag-imports';
import { ProblemAlert } from '../../components/ProblemAlert';

/** Upload a CSV of category, tag and customer; a dry run shows what would change before anything is written. */
export function TagImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const run = useImportTags();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [report, setReport] = useState<TagImportReport | null>(null);

  const start = (dryRun: boolean) => {
    if (!file) return;
    run.mutate({ file, dryRun, skipInvalid }, { onSuccess: setReport });
  };
  // A file with bad rows is refused whole (422) unless bad rows are skipped; its rows are listed either way.
  const refused = isProblem(run.error, 'import.rows_invalid') ? run.error : null;
  const rowsInvalid = refused !== null;
  const rowErrors: RowError[] = report?.errors ?? ((refused?.problem.errors ?? []) as RowError[]);
  const checked = report?.dry_run === true;
  const applied = report !== null && !report.dry_run;

  return (
    <Modal opened onClose={onClose} title={t('tags.import.title')} centered size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('tags.import.hint')}
        </Text>
        <FileInput
          label={t('tags.import.file')}
          placeholder={t('tags.import.file_placeholder')}
          accept=".csv,text/csv"
          value={file}
          onChange={(next) => {
            setFile(next);
            setReport(null);
            run.reset();
          }}
          clearable
          data-testid="tag-import-file"
        />
        <Checkbox
          label={t('tags.import.skip_invalid')}
          checked={skipInvalid}
          onChange={(event) => {
            setSkipInvalid(event.currentTarget.checked);
            setReport(null);
          }}
        />
        {run.error && !rowsInvalid && <ProblemAlert error={run.error} />}
        {rowsInvalid && (
          <Text c="red" size="sm" data-testid="tag-import-refused">
            {t('problems.import.rows_invalid')}
          </Text>
        )}
        {report && <ImportReport report={report} />}
        {checked && report.rows_invalid > 0 && !skipInvalid && (
          <Text c="orange.8" size="sm" data-testid="tag-import-fix">
            {t('tags.import.fix_or_skip')}
          </Text>
        )}
        {rowErrors.length > 0 && <RowErrors errors={rowErrors} />}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            {applied ? t('common.close') : t('common.cancel')}
          </Button>
          {!applied && (
            <Button variant={checked ? 'default' : 'filled'} disabled={!file} loading={run.isPending && run.variables?.dryRun} onClick={() => start(true)}>
              {t('tags.import.check')}
            </Button>
          )}
          {checked && (
            <Button disabled={report.rows_applied === 0 || (report.rows_invalid > 0 && !skipInvalid)} loading={run.isPending && !run.variables?.dryRun} onClick={() => start(false)}>
              {t('tags.import.apply')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

function ImportReport({ report }: { report: TagImportReport }) {
  const { t } = useTranslation();
  const facts: [string, number][] = [
    ['rows', report.rows],
    ['rows_applied', report.rows_applied],
    ['rows_invalid', report.rows_invalid],
    ['categories_created', report.categories_created],
    ['tags_created', report.tags_created],
    ['assignments_added', report.assignments_added],
    ['assignments_unchanged', report.assignments_unchanged],
    ['assignments_replaced', report.assignments_replaced],
  ];
  return (
    <Stack gap="xs" data-testid="tag-import-report">
      <Text fw={600} size="sm">
        {report.dry_run ? t('tags.import.would') : t('tags.import.done')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl" verticalSpacing={4}>
        {facts.map(([key, value]) => (
          <Group key={key} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{t(`tags.import.report.${key}`)}</Text>
            <Text size="sm" fw={600} data-fact={key}>
              {value}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function RowErrors({ errors }: { errors: RowError[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={400} mah={240} type="native">
      <Table striped withTableBorder fz="sm" data-testid="tag-import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tags.import.row')}</Table.Th>
            <Table.Th>{t('tags.import.column')}</Table.Th>
            <Table.Th>{t('tags.import.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.map((error) => (
            <Table.Tr key={`${error.row}-${error.column ?? ''}-${error.code}`}>
              <Table.Td>{error.row}</Table.Td>
              <Table.Td>{error.column ?? '—'}</Table.Td>
              <Table.Td>{t(`problems.${error.code}`, { defaultValue: error.message })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
