import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isProblem } from '../../api/client';
import { useCustomFields } from '../../api/custom-fields';
import {
  PAYMENT_TERMS,
  useCreateCustomer,
  useCustomer,
  useDeleteCustomer,
  useUpdateCustomer,
  type Customer,
  type CustomerType,
  type PaymentTerms,
} from '../../api/customers';
import { useCustomerGroupHistory } from '../../api/groups';
import { useCurrency, useRights } from '../../api/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useFieldErrors } from '../../components/field-errors';
import { IconCheck, IconTrash } from '../../components/icons';
import { MembershipHistoryTable } from '../../components/MembershipHistoryTable';
import { ProblemAlert } from '../../components/ProblemAlert';
import { BackLink, RecordLoad } from '../../components/RecordLoad';
import { VipBadge } from '../../components/VipBadge';
import { AddressesEditor } from './AddressesEditor';
import { CustomerFacts, CustomerSalesFacts } from './CustomerFacts';
import { CustomerBalances } from './CustomerBalances';
import { CustomerOrders } from './CustomerOrders';
import { ContactsEditor } from './ContactsEditor';
import { CustomFieldsEditor } from './CustomFieldsEditor';
import { CustomerGroupsEditor } from './CustomerGroupsEditor';
import { CustomerTagsEditor } from './CustomerTagsEditor';
import {
  emptyCustomer,
  isShownField,
  toCustomerInput,
  toFormValues,
  withGroupIds,
  withoutBlankPhones,
  withTagIds,
  type CustomerFormValues,
} from './customer-form';

const TABS: readonly string[] = ['details', 'orders', 'balances', 'groups'];
type CustomerTab = 'details' | 'orders' | 'balances' | 'groups';
/** The header's Save button sits outside the form, above the tabs, and submits it by id. */
const FORM_ID = 'customer-form';

/**
 * Creates a customer at /customers/new, edits one at /customers/:customerId, with their orders
 * (?tab=orders) and balances (?tab=balances) beside the details.
 */
export function CustomerPage() {
  const { customerId } = useParams();
  // A fresh form per customer, so nothing typed for one leaks into the next.
  return customerId ? <EditCustomer key={customerId} id={customerId} /> : <CustomerForm key="new" />;
}

function EditCustomer({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error, isPending, refetch } = useCustomer(id);
  if (isPending || error || !data) {
    return <RecordLoad pending={isPending} error={error} back={{ to: '/customers', label: t('customer.back') }} failedTitle={t('customer.load_failed')} />;
  }
  return <CustomerForm customer={data.customer} etag={data.etag} reload={async () => (await refetch()).data} />;
}

interface CustomerFormProps {
  customer?: Customer;
  etag?: string | null;
  reload?: () => Promise<{ customer: Customer; etag: string | null } | undefined>;
}

function CustomerForm({ customer, etag: initialEtag = null, reload }: CustomerFormProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useRights();
  const readOnly = !can('manage_customers');
  const { data: fields = [] } = useCustomFields();
  const currency = useCurrency();
  const [params, setParams] = useSearchParams();

  const [values, setValues] = useState<CustomerFormValues>(() => (customer ? toFormValues(customer) : emptyCustomer()));
  // The version this form was opened on; a save against a newer one is refused with 412.
  const [etag, setEtag] = useState<string | null>(initialEtag);
  const [current, setCurrent] = useState<Customer | undefined>(customer);
  const [saved, setSaved] = useState(false);

  const create = useCreateCustomer();
  const update = useUpdateCustomer(customer?.id ?? '');
  const remove = useDeleteCustomer(customer?.id ?? '');
  const mutation = customer ? update : create;
  const saveError = mutation.error;
  const conflict = isProblem(saveError) && saveError.status === 412;
  const errors = useFieldErrors(conflict ? null : saveError);

  const change = (patch: Partial<CustomerFormValues>) => {
    setSaved(false);
    setValues((previous) => ({ ...previous, ...patch }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = withoutBlankPhones(values);
    setValues(normalized);
    const input = withGroupIds(
      withTagIds(toCustomerInput(normalized, fields, Boolean(customer)), normalized, can('assign_customer_tags'), current),
      normalized,
      can('assign_customers_to_groups'),
      current,
    );
    if (!customer) {
      create.mutate(input, { onSuccess: (created) => navigate(`/customers/${created.id}`, { replace: true }) });
      return;
    }
    update.mutate(
      { input, etag, opened: current },
      {
        onSuccess: (result) => {
          setEtag(result.etag);
          setCurrent(result.customer);
          setValues(toFormValues(result.customer));
          setSaved(true);
        },
      },
    );
  };

  const reloadLatest = async () => {
    const latest = await reload?.();
    if (!latest) return;
    setEtag(latest.etag);
    setCurrent(latest.customer);
    setValues(toFormValues(latest.customer));
    update.reset();
  };

  const tabParam = params.get('tab');
  const tab: CustomerTab = customer && tabParam && TABS.includes(tabParam) ? (tabParam as CustomerTab) : 'details';
  const changeTab = (next: string | null) => {
    const nextParams = new URLSearchParams(params);
    if (next && next !== 'details') nextParams.set('tab', next);
    else nextParams.delete('tab');
    setParams(nextParams, { replace: true });
  };

  const title = customer ? current?.name || customer.name : t('customer.new_title');
  const unmatched = errors.unmatched((pointer) => isShownField(pointer, values, fields));

  const form = (
    <form id={FORM_ID} onSubmit={submit} noValidate>
      <Stack gap="lg">
        {conflict && (
          <Alert color="orange" variant="light" title={t('customer.conflict_title')} role="alert" data-testid="conflict">
            <Stack gap="sm" align="flex-start">
              <Text size="sm">{t('customer.conflict_body')}</Text>
              <Button size="xs" color="orange" onClick={() => void reloadLatest()}>
                {t('customer.conflict_reload')}
              </Button>
            </Stack>
          </Alert>
        )}
        {saveError && !conflict && <ProblemAlert error={saveError} extra={unmatched} title={t('customer.not_saved')} />}
        {remove.error && <ProblemAlert error={remove.error} />}

        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack gap="lg">
                <Paper withBorder radius="md" p="lg">
                  <Title order={3} size="h5" mb="md">
                    {t('customer.details')}
                  </Title>
                  <Stack gap="sm">
                    <SegmentedControl
                      value={values.type}
                      onChange={(type) => change({ type: type as CustomerType })}
                      data={[
                        { value: 'consumer', label: t('customers.type.consumer') },
                        { value: 'business', label: t('customers.type.business') },
                      ]}
                      w="fit-content"
                      data-testid="customer-type"
                    />
                    {errors.get('/type') && (
                      <Text c="red" size="xs">
                        {errors.get('/type')}
                      </Text>
                    )}
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <TextInput
                        label={t('customer.name')}
                        name="name"
                        required
                        value={values.name}
                        onChange={(event) => change({ name: event.currentTarget.value })}
                        error={errors.get('/name')}
                      />
                      <TextInput
                        label={t('customer.code')}
                        placeholder={t('customer.code_hint')}
                        name="code"
                        value={values.code}
                        onChange={(event) => change({ code: event.currentTarget.value })}
                        error={errors.get('/code')}
                      />
                      <TextInput
                        label={t('customer.company_name')}
                        name="company_name"
                        value={values.company_name}
                        onChange={(event) => change({ company_name: event.currentTarget.value })}
                        error={errors.get('/company_name')}
                      />
                      <TextInput
                        label={t('customer.vat_number')}
                        name="vat_number"
                        value={values.vat_number}
                        onChange={(event) => change({ vat_number: event.currentTarget.value })}
                        error={errors.get('/vat_number')}
                      />
                      <Select
                        label={t('customer.payment_terms')}
                        name="payment_terms"
                        placeholder={t('customer.payment_terms_none')}
                        data={PAYMENT_TERMS.map((terms) => ({ value: terms, label: t(`payment_terms.${terms}`) }))}
                        value={values.payment_terms}
                        onChange={(terms) => change({ payment_terms: terms as PaymentTerms | null })}
                        clearable
                        error={errors.get('/payment_terms')}
                        data-testid="payment-terms"
                      />
                    </SimpleGrid>
                  </Stack>
                </Paper>

                <ContactsEditor
                  contacts={values.contacts}
                  onChange={(contacts) => change({ contacts })}
                  errors={errors}
                  readOnly={readOnly}
                />
                <AddressesEditor
                  addresses={values.addresses}
                  onChange={(addresses) => change({ addresses })}
                  errors={errors}
                  readOnly={readOnly}
                />
              </Stack>
            </Grid.Col>

            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="lg">
                <CustomerTagsEditor
                  tagIds={values.tag_ids}
                  onChange={(tag_ids) => change({ tag_ids })}
                  errors={errors}
                  readOnly={readOnly}
                />
                <CustomerGroupsEditor
                  groupIds={values.group_ids}
                  onChange={(group_ids) => change({ group_ids })}
                  memberships={current?.groups ?? []}
                  errors={errors}
                  readOnly={readOnly}
                />
                <CustomFieldsEditor
                  fields={fields}
                  values={values.custom_fields}
                  onChange={(key, value) => change({ custom_fields: { ...values.custom_fields, [key]: value } })}
                  errors={errors}
                />
                <Paper withBorder radius="md" p="lg">
                  <Textarea
                    label={t('customer.notes')}
                    name="notes"
                    autosize
                    minRows={4}
                    value={values.notes}
                    onChange={(event) => change({ notes: event.currentTarget.value })}
                    error={errors.get('/notes')}
                  />
                </Paper>
                {current && <CustomerFacts customer={current} />}
              </Stack>
            </Grid.Col>
          </Grid>
        </fieldset>
      </Stack>
    </form>
  );

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <BackLink to="/customers" label={t('customer.back')} />
        <Group justify="space-between" align="flex-end">
          <Group gap="sm">
            <Title order={2}>{title}</Title>
            {customer && (
              <Badge variant="light" color={values.type === 'business' ? 'grape' : 'teal'}>
                {t(`customers.type.${values.type}`)}
              </Badge>
            )}
            {current?.vip && <VipBadge size="lg" data-testid="customer-vip" />}
          </Group>
          {!readOnly && tab === 'details' && (
            <Group gap="sm">
              {saved && (
                <Group gap={4} c="teal" data-testid="saved">
                  <IconCheck size={16} />
                  <Text size="sm">{t('customer.saved')}</Text>
                </Group>
              )}
              {customer && (
                <ConfirmButton
                  leftSection={<IconTrash size={16} />}
                  title={t('customer.delete_title')}
                  message={t('customer.delete_message', { name: customer.name })}
                  confirmLabel={t('customer.delete_confirm')}
                  onConfirm={() =>
                    remove.mutateAsync({ etag, opened: current }, { onSuccess: () => navigate('/customers', { replace: true }) })
                  }
                >
                  {t('common.delete')}
                </ConfirmButton>
              )}
              <Button type="submit" form={FORM_ID} loading={mutation.isPending}>
                {customer ? t('common.save') : t('customer.create')}
              </Button>
            </Group>
          )}
        </Group>
      </Stack>
      {current && <CustomerSalesFacts customer={current} currency={currency} />}
      {customer ? (
        <Tabs value={tab} onChange={changeTab}>
          <Tabs.List mb="lg">
            <Tabs.Tab value="details">{t('customer.tabs.details')}</Tabs.Tab>
            <Tabs.Tab value="orders">{t('customer.tabs.orders')}</Tabs.Tab>
            <Tabs.Tab value="balances">{t('customer.tabs.balances')}</Tabs.Tab>
            <Tabs.Tab value="groups">{t('customerGroups.history_tab')}</Tabs.Tab>
          </Tabs.List>
          {/* The details stay mounted while another tab shows, so nothing typed is lost. */}
          <Tabs.Panel value="details">{form}</Tabs.Panel>
          <Tabs.Panel value="orders">{tab === 'orders' && <CustomerOrders customerId={customer.id} />}</Tabs.Panel>
          <Tabs.Panel value="balances">{tab === 'balances' && <CustomerBalances customerId={customer.id} />}</Tabs.Panel>
          <Tabs.Panel value="groups">{tab === 'groups' && <CustomerGroupHistory customerId={customer.id} />}</Tabs.Panel>
        </Tabs>
      ) : (
        form
      )}
    </Stack>
  );
}

/** Every group the customer entered, changed level in or left, newest first, and why. */
function CustomerGroupHistory({ customerId }: { customerId: string }) {
  const history = useCustomerGroupHistory(customerId);
  return <MembershipHistoryTable query={history} of="customer" testId="customer-group-history" />;
}
