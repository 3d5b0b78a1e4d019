import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Badge, Button, Group as Row, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  invalidateMemberships,
  isRecomputing,
  useDeleteGroup,
  useGroup,
  useGroupHistory,
  useRecomputeGroup,
  type Group,
} from '../../api/groups';
import { useRights } from '../../api/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DateText } from '../../components/DateText';
import { useFormatters } from '../../components/format';
import { IconTrash } from '../../components/icons';
import { MembershipHistoryTable } from '../../components/MembershipHistoryTable';
import { ProblemAlert } from '../../components/ProblemAlert';
import { BackLink, RecordLoad } from '../../components/RecordLoad';
import { VipBadge } from '../../components/VipBadge';
import { GroupDialog } from './GroupDialog';
import { KindBadge, LevelsSummary, RecomputeProgress } from './GroupFacts';
import { GroupMembers } from './GroupMembers';
import { GroupReportTab } from './GroupReportTab';
import { GroupTags } from './GroupTags';
import { GroupWordCloudTab } from './GroupWordCloudTab';

const TABS = ['members', 'tags', 'report', 'word-cloud', 'history'] as const;
type GroupTab = (typeof TABS)[number];

/** What the groups list says after a group was deleted from its page. */
export interface GroupDeletedState {
  deleted: { name: string; members_removed: number };
}

/** /groups/:groupId: a group with its members, tags, report, word cloud and history, each a tab kept in the address. */
export function GroupPage() {
  const { groupId = '' } = useParams();
  const { t } = useTranslation();
  const { data, error, isPending } = useGroup(groupId);
  if (isPending || error || !data) {
    return <RecordLoad pending={isPending} error={error} back={{ to: '/groups', label: t('groups.page.back') }} failedTitle={t('groups.page.load_failed')} />;
  }
  return <GroupView key={groupId} group={data.group} etag={data.etag} />;
}

function GroupView({ group, etag }: { group: Group; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormatters();
  const queryClient = useQueryClient();
  const { can } = useRights();
  const canManage = can('manage_customer_groups');
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const remove = useDeleteGroup();
  const recompute = useRecomputeGroup(group.id);

  // When a recompute ends, the members, the ledger and the customers' levels have all changed.
  const recomputing = isRecomputing(group);
  const wasRecomputing = useRef(recomputing);
  useEffect(() => {
    if (wasRecomputing.current && !recomputing) void invalidateMemberships(queryClient);
    wasRecomputing.current = recomputing;
  }, [recomputing]);

  const tabParam = params.get('tab');
  const tab: GroupTab = TABS.includes(tabParam as GroupTab) ? (tabParam as GroupTab) : 'members';
  const changeTab = (next: string | null) => {
    const nextParams = new URLSearchParams();
    if (next && next !== 'members') nextParams.set('tab', next);
    setParams(nextParams, { replace: true });
  };

  const deleteGroup = () =>
    remove.mutateAsync(group.id, {
      onSuccess: (result) =>
        navigate('/groups', {
          replace: true,
          state: { deleted: { name: group.name, members_removed: result.members_removed } } satisfies GroupDeletedState,
        }),
    });

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <BackLink to="/groups" label={t('groups.page.back')} />
        <Row justify="space-between" align="flex-end">
          <Row gap="sm">
            <Title order={2}>{group.name}</Title>
            <KindBadge kind={group.kind} />
            {group.vip && <VipBadge data-testid="group-vip" />}
          </Row>
          {canManage && (
            <Row gap="sm">
              {group.kind === 'frequency' && (
                <Button variant="default" onClick={() => recompute.mutate()} loading={recompute.isPending} disabled={recomputing}>
                  {t('groups.recompute.run')}
                </Button>
              )}
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              <ConfirmButton
                leftSection={<IconTrash size={16} />}
                title={t('groups.delete.title')}
                message={<span data-testid="delete-group-message">{t('groups.delete.message', { name: group.name, count: group.member_count })}</span>}
                confirmLabel={t('groups.delete.confirm')}
                onConfirm={deleteGroup}
              >
                {t('common.delete')}
              </ConfirmButton>
            </Row>
          )}
        </Row>
      </Stack>

      <ProblemAlert error={remove.error ?? recompute.error} />
      <RecomputeProgress group={group} onRetry={canManage ? () => recompute.mutate() : undefined} retrying={recompute.isPending} />

      <Paper withBorder radius="md" p="lg">
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md" mb={group.description || group.kind === 'frequency' ? 'md' : 0}>
          <Fact label={t('groups.columns.members')}>
            <Text fz={22} fw={600} data-testid="group-member-total">
              {format.number(group.member_count)}
            </Text>
          </Fact>
          <Fact label={t('groups.columns.code')}>
            <Text size="sm" ff="monospace">
              {group.code ?? '—'}
            </Text>
          </Fact>
          <Fact label={t('groups.columns.segment')}>
            <Text size="sm">{t(`groups.segment.${group.segment}`)}</Text>
          </Fact>
          <Fact label={t('groups.columns.erp_id')}>
            <Text size="sm" ff="monospace">
              {group.erp_id ?? '—'}
            </Text>
          </Fact>
          <Fact label={t('groups.columns.updated_at')}>
            <DateText size="sm" value={group.updated_at} withTime />
          </Fact>
        </SimpleGrid>
        {group.description && (
          <Text size="sm" mb={group.kind === 'frequency' ? 'md' : 0} style={{ whiteSpace: 'pre-wrap' }}>
            {group.description}
          </Text>
        )}
        <LevelsSummary group={group} />
      </Paper>

      <Tabs value={tab} onChange={changeTab}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="members">
            {t('groups.tabs.members')}{' '}
            <Badge size="sm" variant="light" color="gray" ml={4}>
              {format.number(group.member_count)}
            </Badge>
          </Tabs.Tab>
          <Tabs.Tab value="tags">{t('groups.tabs.tags')}</Tabs.Tab>
          <Tabs.Tab value="report">{t('groups.tabs.report')}</Tabs.Tab>
          <Tabs.Tab value="word-cloud">{t('groups.tabs.word_cloud')}</Tabs.Tab>
          <Tabs.Tab value="history">{t('groups.tabs.history')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="members">{tab === 'members' && <GroupMembers group={group} />}</Tabs.Panel>
        <Tabs.Panel value="tags">{tab === 'tags' && <GroupTags group={group} etag={etag} />}</Tabs.Panel>
        <Tabs.Panel value="report">{tab === 'report' && <GroupReportTab groupId={group.id} />}</Tabs.Panel>
        <Tabs.Panel value="word-cloud">{tab === 'word-cloud' && <GroupWordCloudTab groupId={group.id} />}</Tabs.Panel>
        <Tabs.Panel value="history">
          {tab === 'history' && <GroupHistory groupId={group.id} />}
        </Tabs.Panel>
      </Tabs>

      {editing && <GroupDialog group={group} etag={etag} onClose={() => setEditing(false)} />}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** The group's ledger, read when its tab opens. */
function GroupHistory({ groupId }: { groupId: string }) {
  const history = useGroupHistory(groupId);
  return <MembershipHistoryTable query={history} of="group" testId="group-history" />;
}
