import { ActionIcon, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isMoneyMetric, type GroupMetric } from '../../api/groups';
import type { FieldErrors } from '../../components/field-errors';
import { IconPlus, IconTrash } from '../../components/icons';
import { MoneyInput } from '../../components/MoneyInput';
import { parseScaled } from '../../components/money';
import { emptyLevel, figureDigits, type LevelValues, type LocalErrors } from './group-form';

interface LevelsEditorProps {
  levels: LevelValues[];
  onChange: (levels: LevelValues[]) => void;
  metric: GroupMetric | null;
  currency: string;
  /** The server's messages, at /levels/i (the whole row, an overlap) or /levels/i/min... */
  errors: FieldErrors;
  /** Amounts the browser could not read, by the same pointers. */
  localErrors: LocalErrors;
}

/**
 * A frequency group's levels, one row each: what the merchant calls it, the lowest and highest figure
 * (an empty maximum is open-ended) and whether its members are VIP. The server's message about a row
 * (two levels that overlap) shows under that row.
 */
export function LevelsEditor({ levels, onChange, metric, currency, errors, localErrors }: LevelsEditorProps) {
  const { t, i18n } = useTranslation();
  const money = isMoneyMetric(metric);
  const partners = overlapPartners(levels, figureDigits(metric, currency), i18n.language);
  const update = (index: number, patch: Partial<LevelValues>) =>
    onChange(levels.map((level, i) => (i === index ? { ...level, ...patch } : level)));
  const fieldError = (pointer: string) => localErrors[pointer] ?? errors.get(pointer);
  const listError = errors.get('/levels');

  const figureInput = (index: number, which: 'min' | 'max', value: string) => {
    const name = `levels.${index}.${which}`;
    const label = which === 'min' ? t('groups.levels.min') : t('groups.levels.max');
    const common = {
      name,
      'aria-label': t('groups.levels.field_of_level', { field: label, number: index + 1 }),
      placeholder: which === 'max' ? t('groups.levels.open_ended') : undefined,
      error: fieldError(`/levels/${index}/${which}`),
      size: 'sm' as const,
    };
    return money ? (
      <MoneyInput {...common} currency={currency} value={value} onChange={(next) => update(index, { [which]: next })} />
    ) : (
      <TextInput
        {...common}
        inputMode="numeric"
        autoComplete="off"
        value={value}
        onChange={(event) => update(index, { [which]: event.currentTarget.value })}
        rightSection={<Text size="xs" c="dimmed">{t('groups.levels.transactions_unit')}</Text>}
        rightSectionWidth={64}
      />
    );
  };

  return (
    <Paper withBorder radius="md" p="sm" data-testid="levels-editor">
      <Stack gap="xs">
        <Group justify="space-between">
          <Stack gap={0}>
            <Text size="sm" fw={600}>
              {t('groups.levels.title')}
            </Text>
            <Text size="xs" c="dimmed">
              {money ? t('groups.levels.hint_money', { currency }) : t('groups.levels.hint_count')}
            </Text>
          </Stack>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...levels, emptyLevel()])}>
            {t('groups.levels.add')}
          </Button>
        </Group>
        {listError && (
          <Text c="red" size="sm" role="alert">
            {listError}
          </Text>
        )}
        <Table verticalSpacing={6} horizontalSpacing="xs" withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>#</Table.Th>
              <Table.Th>{t('groups.levels.description')}</Table.Th>
              <Table.Th w={170}>{t('groups.levels.min')}</Table.Th>
              <Table.Th w={170}>{t('groups.levels.max')}</Table.Th>
              <Table.Th w={56} ta="center">
                {t('groups.vip_badge')}
              </Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {levels.map((level, index) => {
              // The server says a row overlaps; the row says which ones, as they stand on screen.
              const serverError = errors.get(`/levels/${index}`);
              const others = partners[index] ?? [];
              const rowError =
                serverError && others.length > 0
                  ? t('groups.levels.overlaps', {
                      names: others.map((other) => `“${levels[other]!.description.trim() || t('groups.level_number', { number: other + 1 })}”`).join(', '),
                    })
                  : serverError;
              return [
                <Table.Tr
                  key={level.key}
                  data-testid="level-row"
                  data-index={index}
                  data-invalid={rowError ? 'true' : undefined}
                  style={rowError ? { background: 'var(--mantine-color-red-0)' } : undefined}
                >
                  <Table.Td valign="top" pt={14}>
                    <Text size="sm" c="dimmed">
                      {index + 1}
                    </Text>
                  </Table.Td>
                  <Table.Td valign="top">
                    <TextInput
                      name={`levels.${index}.description`}
                      aria-label={t('groups.levels.field_of_level', { field: t('groups.levels.description'), number: index + 1 })}
                      placeholder={t('groups.levels.description_hint')}
                      value={level.description}
                      onChange={(event) => update(index, { description: event.currentTarget.value })}
                      error={fieldError(`/levels/${index}/description`)}
                      size="sm"
                    />
                  </Table.Td>
                  <Table.Td valign="top">{figureInput(index, 'min', level.min)}</Table.Td>
                  <Table.Td valign="top">{figureInput(index, 'max', level.max)}</Table.Td>
                  <Table.Td valign="top" pt={14}>
                    <Group justify="center">
                      <Checkbox
                        name={`levels.${index}.vip`}
                        aria-label={t('groups.levels.field_of_level', { field: t('groups.vip_badge'), number: index + 1 })}
                        checked={level.vip}
                        onChange={(event) => update(index, { vip: event.currentTarget.checked })}
                      />
                    </Group>
                  </Table.Td>
                  <Table.Td valign="top" pt={8}>
                    <Tooltip label={t('groups.levels.remove')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('groups.levels.remove_number', { number: index + 1 })}
                        disabled={levels.length === 1}
                        onClick={() => onChange(levels.filter((_, i) => i !== index))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>,
                rowError ? (
                  <Table.Tr key={`${level.key}-error`} style={{ background: 'var(--mantine-color-red-0)' }}>
                    <Table.Td />
                    <Table.Td colSpan={5} pt={0}>
                      <Text c="red" size="xs" data-testid="level-error" data-index={index}>
                        {rowError}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ) : null,
              ];
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}

/** For each row, the other rows whose ranges share a figure with it (an empty maximum is open-ended). */
function overlapPartners(levels: LevelValues[], digits: number, language: string): number[][] {
  const ranges = levels.map((level) => {
    const min = parseScaled(level.min, digits, language);
    const max = parseScaled(level.max, digits, language);
    if (!min.ok || min.minor === null || !max.ok) return null;
    return { min: min.minor, max: max.minor ?? Number.POSITIVE_INFINITY };
  });
  return ranges.map((range, index) =>
    range === null
      ? []
      : ranges.flatMap((other, j) => (j !== index && other !== null && range.min <= other.max && other.min <= range.max ? [j] : [])),
  );
}
