import { useState } from 'react';
import { Alert, Divider, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  GROUP_METRICS,
  GROUP_WINDOWS,
  isMoneyMetric,
  useSaveGroup,
  type Group,
  type GroupKind,
  type GroupMetric,
  type GroupSegment,
  type GroupWindow,
} from '../../api/groups';
import { useCurrency, useRights } from '../../api/session';
import { DateField } from '../../components/DateField';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TagPicker } from '../../components/TagPicker';
import { emptyGroup, isShownField, readLevels, toFormValues, toGroupCreate, toGroupUpdate, type GroupFormValues, type LocalErrors } from './group-form';
import { LevelsEditor } from './LevelsEditor';

interface GroupDialogProps {
  /** The group to edit; a new one when undefined. */
  group?: Group;
  /** The version the group was read at, sent as If-Match. */
  etag?: string | null;
  onClose: () => void;
  onSaved?: (group: Group) => void;
}

/** Creates a group (static, or frequency with its rule and levels), or changes one. */
export function GroupDialog({ group, etag, onClose, onSaved }: GroupDialogProps) {
  const { t, i18n } = useTranslation();
  const { can } = useRights();
  const currency = useCurrency();
  const save = useSaveGroup();
  const errors = useFieldErrors(save.error);
  const [values, setValues] = useState<GroupFormValues>(() => (group ? toFormValues(group, currency, i18n.language) : emptyGroup()));
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});
  const change = (patch: Partial<GroupFormValues>) => setValues((previous) => ({ ...previous, ...patch }));
  const frequency = values.kind === 'frequency';

  const submit = () => {
    const read = readLevels(values, currency, i18n.language, (reason, digits) => {
      if (reason === 'required') return t('problems.request.required');
      if (!isMoneyMetric(values.metric) && reason !== 'negative') return t('groups.levels.whole_number');
      return t(`money.${reason}`, { count: digits });
    });
    const local = frequency ? read.errors : {};
    setLocalErrors(local);
    if (Object.keys(local).length > 0) return;
    const saving = group
      ? { id: group.id, input: toGroupUpdate(values, read.levels, group), etag }
      : { input: toGroupCreate(values, read.levels) };
    save.mutate(saving, {
      onSuccess: (saved) => {
        onSaved?.(saved);
        onClose();
      },
    });
  };

  const unmatched = errors.unmatched((pointer) => isShownField(pointer, values));

  return (
    <FormDialog
      title={group ? t('groups.form.edit_title', { name: group.name }) : t('groups.form.new_title')}
      size="xl"
      onClose={onClose}
      onSubmit={submit}
      error={null}
      saving={save.isPending}
      submitLabel={group ? t('common.save') : t('groups.form.create')}
    >
      {save.error ? <ProblemAlert error={save.error} extra={unmatched} title={t('groups.form.not_saved')} /> : null}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('groups.form.kind')}
        </Text>
        <SegmentedControl
          value={values.kind}
          onChange={(kind) => change({ kind: kind as GroupKind })}
          disabled={Boolean(group)}
          data={[
            { value: 'static', label: t('groups.kind.static') },
            { value: 'frequency', label: t('groups.kind.frequency') },
          ]}
          w="fit-content"
          data-testid="group-kind"
        />
        <Text size="xs" c="dimmed">
          {group ? t('groups.form.kind_fixed') : t(`groups.form.kind_hint.${values.kind}`)}
        </Text>
        {errors.get('/kind') && (
          <Text c="red" size="xs">
            {errors.get('/kind')}
          </Text>
        )}
      </Stack>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" style={{ alignItems: 'end' }}>
        <TextInput
          label={t('groups.form.name')}
          name="name"
          required
          data-autofocus
          value={values.name}
          onChange={(event) => change({ name: event.currentTarget.value })}
          error={errors.get('/name')}
        />
        <TextInput
          label={t('groups.form.code')}
          description={t('groups.form.code_hint')}
          name="code"
          value={values.code}
          onChange={(event) => change({ code: event.currentTarget.value })}
          error={errors.get('/code')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <TextInput
          label={t('groups.form.erp_id')}
          description={t('groups.form.erp_id_hint')}
          name="erp_id"
          value={values.erp_id}
          onChange={(event) => change({ erp_id: event.currentTarget.value })}
          error={errors.get('/erp_id')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('groups.form.segment')}
          </Text>
          <SegmentedControl
            value={values.segment}
            onChange={(segment) => change({ segment: segment as GroupSegment })}
            data={[
              { value: 'b2c', label: t('groups.segment.b2c') },
              { value: 'b2b', label: t('groups.segment.b2b') },
            ]}
            w="fit-content"
            data-testid="group-segment"
          />
        </Stack>
      </SimpleGrid>
      <Textarea
        label={t('groups.form.description')}
        name="description"
        autosize
        minRows={2}
        value={values.description}
        onChange={(event) => change({ description: event.currentTarget.value })}
        error={errors.get('/description')}
      />
      <Switch
        label={t('groups.form.vip')}
        description={t('groups.form.vip_hint')}
        name="vip"
        checked={values.vip}
        onChange={(event) => change({ vip: event.currentTarget.checked })}
        error={errors.get('/vip')}
      />
      <TagPicker
        mode="assign"
        label={t('groups.form.tags')}
        description={t('groups.form.tags_hint')}
        value={values.tag_ids}
        onChange={(tag_ids) => change({ tag_ids })}
        allowCreate={can('manage_customer_tags')}
        error={errors.get('/tag_ids') ?? values.tag_ids.map((_, index) => errors.get(`/tag_ids/${index}`)).find(Boolean)}
        data-testid="group-tags"
      />

      {frequency && (
        <>
          <Divider label={t('groups.form.rule_section')} labelPosition="left" mt="xs" />
          {group && (
            <Alert variant="light" color="blue" p="xs">
              <Text size="xs">{t('groups.form.rule_change_hint')}</Text>
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: 'start' }}>
            <Select
              label={t('groups.form.metric')}
              required
              data={GROUP_METRICS.map((metric) => ({ value: metric, label: t(`groups.metric.${metric}`) }))}
              value={values.metric}
              onChange={(metric) => change({ metric: metric as GroupMetric | null })}
              allowDeselect={false}
              error={errors.get('/metric')}
              data-testid="group-metric"
            />
            <DateField
              label={t('groups.form.active_from')}
              description={t('groups.form.active_from_hint')}
              required
              value={values.active_from}
              onChange={(active_from) => change({ active_from })}
              error={errors.get('/active_from')}
              data-testid="group-active-from"
            />
            <Select
              label={t('groups.form.window')}
              required
              data={GROUP_WINDOWS.map((window) => ({ value: window, label: t(`groups.window.${window}`) }))}
              value={values.window}
              onChange={(window) => change({ window: window as GroupWindow | null })}
              allowDeselect={false}
              error={errors.get('/window')}
              data-testid="group-window"
            />
          </SimpleGrid>
          <LevelsEditor
            levels={values.levels}
            onChange={(levels) => change({ levels })}
            metric={values.metric}
            currency={currency}
            errors={errors}
            localErrors={localErrors}
          />
        </>
      )}
    </FormDialog>
  );
}
