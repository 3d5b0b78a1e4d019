import { Alert, Anchor, List, Paper, Stack, Switch, Text, Title } from '@mantine/core';
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

interface ConflictCustomer {
  id: string;
  name: string;
  static_groups: number;
}

/** Who stands in the way: each customer in several static groups (the problem's `customers`), linked to their page. */
function ConflictList({ error }: { error: ProblemError }) {
  const { t } = useTranslation();
  const customers = (error.problem.customers ?? []) as ConflictCustomer[];
  return (
    <Alert color="orange" variant="light" title={t('customerGroups.one_group.conflict_title')} role="alert" data-testid="one-group-conflict">
      <Text size="sm">{t('customerGroups.one_group.conflict_body', { count: customers.length })}</Text>
      <List size="sm" mt="xs" spacing={2}>
        {customers.map((customer) => (
          <List.Item key={customer.id} data-testid="one-group-conflict-customer">
            <Anchor component={Link} to={`/customers/${customer.id}`} size="sm">
              {t('customerGroups.one_group.conflict_item', { name: customer.name, count: customer.static_groups })}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
