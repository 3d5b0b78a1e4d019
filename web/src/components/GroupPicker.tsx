import { Badge, Group as Row, MultiSelect, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEveryGroup, type Group } from '../api/groups';

interface GroupPickerProps {
  value: string[];
  onChange: (ids: string[]) => void;
  label?: string;
  description?: string;
  placeholder?: string;
  error?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/**
 * Picks static groups, the only ones customers are put in by hand; a frequency group's members qualify by
 * what they buy.
 */
export function GroupPicker({ value, onChange, label, description, placeholder, error, disabled, ...rest }: GroupPickerProps) {
  const { t } = useTranslation();
  const { data: groups = [] } = useEveryGroup();
  const statics = groups.filter((group) => group.kind === 'static');
  const byId = new Map(statics.map((group) => [group.id, group]));
  // Ids whose group is not loaded yet are kept as they are, not dropped by the select.
  const hidden = value.filter((id) => !byId.has(id));

  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? (placeholder ?? t('groups.picker.placeholder')) : undefined}
      data={statics.map((group) => ({ value: group.id, label: group.name }))}
      value={value.filter((id) => byId.has(id))}
      onChange={(next) => onChange([...hidden, ...next])}
      searchable
      hidePickedOptions
      clearable
      disabled={disabled}
      error={error}
      nothingFoundMessage={statics.length === 0 ? t('groups.picker.none_static') : t('groups.picker.nothing_found')}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => <GroupOption group={byId.get(option.value)} label={option.label} />}
      {...rest}
    />
  );
}

interface GroupSelectProps {
  value: string | null;
  onChange: (id: string | null) => void;
  label?: string;
  placeholder?: string;
  'data-testid'?: string;
}

/** One group of any kind, for a filter. */
export function GroupSelect({ value, onChange, label, placeholder, ...rest }: GroupSelectProps) {
  const { t } = useTranslation();
  const { data: groups = [] } = useEveryGroup();
  const byId = new Map(groups.map((group) => [group.id, group]));
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={groups.map((group) => ({ value: group.id, label: group.name }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage={t('groups.picker.nothing_found')}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => <GroupOption group={byId.get(option.value)} label={option.label} />}
      {...rest}
    />
  );
}

function GroupOption({ group, label }: { group?: Group; label: string }) {
  const { t } = useTranslation();
  return (
    <Row gap={8} wrap="nowrap">
      <Text size="sm">{label}</Text>
      {group?.code && (
        <Text size="xs" c="dimmed" ff="monospace">
          {group.code}
        </Text>
      )}
      {group?.kind === 'frequency' && (
        <Badge size="xs" variant="light" color="indigo" radius="sm">
          {t('groups.kind.frequency')}
        </Badge>
      )}
      {group?.vip && (
        <Badge size="xs" color="yellow" c="dark.8" radius="sm">
          {t('groups.vip_badge')}
        </Badge>
      )}
    </Row>
  );
}
