import { useState } from 'react';
import { Button, Group as Row, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSaveGroup, type Group } from '../../api/groups';
import { useRights } from '../../api/session';
import { useFieldErrors } from '../../components/field-errors';
import { IconCheck } from '../../components/icons';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TagBadges } from '../../components/TagBadge';
import { TagPicker } from '../../components/TagPicker';

/** The tags the group carries: badges for everyone, a picker with Save for who manages groups. */
export function GroupTags({ group, etag }: { group: Group; etag: string | null }) {
  const { t } = useTranslation();
  const { can } = useRights();
  const save = useSaveGroup();
  const errors = useFieldErrors(save.error);
  const [tagIds, setTagIds] = useState<string[]>(group.tag_ids);
  const [saved, setSaved] = useState(false);
  const changed = tagIds.length !== group.tag_ids.length || tagIds.some((id) => !group.tag_ids.includes(id));
  const editable = can('manage_customer_groups');

  return (
    <Paper withBorder radius="md" p="lg" data-testid="group-tags-tab">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('groups.tags.hint')}
        </Text>
        <ProblemAlert error={save.error} />
        {editable ? (
          <>
            <TagPicker
              mode="assign"
              value={tagIds}
              onChange={(next) => {
                setSaved(false);
                setTagIds(next);
              }}
              allowCreate={can('manage_customer_tags')}
              error={errors.get('/tag_ids')}
              data-testid="group-tags-picker"
            />
            <Row justify="flex-end" gap="sm">
              {saved && !changed && (
                <Row gap={4} c="teal">
                  <IconCheck size={16} />
                  <Text size="sm">{t('common.saved')}</Text>
                </Row>
              )}
              <Button
                disabled={!changed}
                loading={save.isPending}
                onClick={() =>
                  save.mutate({ id: group.id, input: { tag_ids: tagIds }, etag }, { onSuccess: () => setSaved(true) })
                }
              >
                {t('common.save')}
              </Button>
            </Row>
          </>
        ) : (
          <TagBadges ids={group.tag_ids} empty={t('groups.tags.none')} />
        )}
      </Stack>
    </Paper>
  );
}
