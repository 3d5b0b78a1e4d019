import { Alert, Anchor, List, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isProblem, type ProblemError } from '../../api/client';
import { useUpdateStore, type Store } from '../../api/store';
import { ProblemAlert } from '../../components/ProblemAlert';

/**
 * "A customer belongs to one group only", as in ERPs: saved as soon as it is switched. Turning it on is
 * refused while customers are in several static groups, and the refusal names them.
 */
export function OneGroupSetting({ store }: { store: Store }) {
  const { t } = useTranslation();
  const update = useUpdateStore();
  const conflict = isProblem(update.error, 'group.one_group_conflict') ? update.error : null;

  return (
    <Paper withBorder radius="md" p="lg" data-testid="one-group-setting">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('customerGroups.one_group.title')}
        </Title>
        <Switch
          label={t('customerGroups.one_group.label')}
          description={t('customerGroups.one_group.hint')}
          name="one_group_per_customer"
          checked={update.isPending ? Boolean(update.variables?.one_group_per_customer) : store.one_group_per_customer}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ one_group_per_customer: event.currentTarget.checked })}
        />
        {conflict ? <ConflictList error={conflict} /> : <ProblemAlert error={update.error} />}
      </Stack>
    </Paper>
  );
}

/** Who stands in the way: each customer in several static groups, linked to their page. */
function ConflictList({ error }: { error: ProblemError }) {
  const { t } = useTranslation();
  const items = error.problem.errors ?? [];
  return (
    <Alert color="orange" variant="light" title={t('customerGroups.one_group.conflict_title')} role="alert" data-testid="one-group-conflict">
      <Text size="sm">{t('customerGroups.one_group.conflict_body', { count: items.length })}</Text>
      <List size="sm" mt="xs" spacing={2}>
        {items.map((item, index) => {
          const customerId = /^\/customers\/([^/]+)$/.exec(item.field ?? '')?.[1];
          const text = conflictText(item.message, t);
          return (
            <List.Item key={item.field ?? index} data-testid="one-group-conflict-customer">
              {customerId ? (
                <Anchor component={Link} to={`/customers/${customerId}`} size="sm">
                  {text}
                </Anchor>
              ) : (
                text
              )}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}

/** The server names the customer in English ("Ada is in 2 static groups."); said again in the user's language. */
function conflictText(message: string, t: TFunction): string {
  const match = /^(.*) is in (\d+) static groups\.$/.exec(message);
  if (!match) return message;
  return t('customerGroups.one_group.conflict_item', { name: match[1], count: Number(match[2]) });
}
