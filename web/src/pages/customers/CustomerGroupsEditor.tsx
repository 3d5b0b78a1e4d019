import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useEveryGroup, type CustomerMembership } from '../../api/groups';
import { useRights } from '../../api/session';
import type { FieldErrors } from '../../components/field-errors';
import { GroupPicker } from '../../components/GroupPicker';
import { VipBadge } from '../../components/VipBadge';

interface CustomerGroupsEditorProps {
  /** The static groups chosen on the form. */
  groupIds: string[];
  onChange: (groupIds: string[]) => void;
  /** Every membership as last saved: frequency ones with their level. */
  memberships: CustomerMembership[];
  errors: FieldErrors;
  /** The form cannot be saved by this user. */
  readOnly: boolean;
}

/**
 * The customer's groups: static ones picked by hand (one or several) by who may assign customers to groups,
 * frequency ones shown with the level the customer's purchases reached, which no one picks.
 */
export function CustomerGroupsEditor({ groupIds, onChange, memberships, errors, readOnly }: CustomerGroupsEditorProps) {
  const { t } = useTranslation();
  const { can } = useRights();
  const editable = !readOnly && can('assign_customers_to_groups');
  const { data: groups = [] } = useEveryGroup();
  const error = errors.get('/group_ids') ?? groupIds.map((_, index) => errors.get(`/group_ids/${index}`)).find(Boolean);
  const frequency = memberships.filter((membership) => membership.kind === 'frequency');
  const staticMemberships = memberships.filter((membership) => membership.kind === 'static');
  const groupName = (id: string) =>
    groups.find((group) => group.id === id)?.name ?? staticMemberships.find((membership) => membership.group_id === id)?.name ?? id;

  return (
    <Paper withBorder radius="md" p="lg" data-testid="customer-groups">
      <Title order={3} size="h5" mb="md">
        {t('customerGroups.title')}
      </Title>
      <Stack gap="sm">
        {editable ? (
          <GroupPicker
            label={t('customerGroups.static')}
            description={t('customerGroups.static_hint')}
            value={groupIds}
            onChange={onChange}
            error={error}
            data-testid="customer-group-picker"
          />
        ) : (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('customerGroups.static')}
            </Text>
            {groupIds.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('customerGroups.none')}
              </Text>
            ) : (
              <Group gap={4}>
                {groupIds.map((id) => (
                  <Badge key={id} variant="light" color="gray" radius="sm" tt="none" component={Link} to={`/groups/${id}`} style={{ cursor: 'pointer' }}>
                    {groupName(id)}
                  </Badge>
                ))}
              </Group>
            )}
            {error && (
              <Text c="red" size="sm">
                {error}
              </Text>
            )}
          </Stack>
        )}
        {frequency.length > 0 && (
          <Stack gap={4} data-testid="customer-frequency-groups">
            <Text size="sm" fw={500}>
              {t('customerGroups.frequency')}
            </Text>
            {frequency.map((membership) => (
              <Group key={membership.group_id} gap="xs" justify="space-between" wrap="nowrap" data-testid="customer-frequency-group">
                <Anchor component={Link} to={`/groups/${membership.group_id}`} size="sm">
                  {membership.name}
                </Anchor>
                <Group gap={4} wrap="nowrap">
                  {membership.level && (
                    <Badge variant="light" color="indigo" radius="sm" tt="none" data-testid="customer-group-level">
                      {membership.level}
                    </Badge>
                  )}
                  {membership.vip && <VipBadge size="xs" />}
                </Group>
              </Group>
            ))}
            <Text size="xs" c="dimmed">
              {t('customerGroups.frequency_hint')}
            </Text>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
