import { useState } from 'react';
import { SegmentedControl, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePostBalanceEntry, useUpdateCreditLimit, type BalanceName, type Balances, type EntryTypeCreate } from '../../api/balances';
import { useFieldErrors } from '../../components/field-errors';
import { useFormatters } from '../../components/format';
import { FormDialog } from '../../components/FormDialog';
import { moneyInputValue } from '../../components/money';
import { MoneyInput, useMoneyParser, type MoneyReading } from '../../components/MoneyInput';

/** Which way each kind of entry moves the balance; an adjustment goes the way the merchant chooses. */
const SIGNS: Record<Exclude<EntryTypeCreate, 'adjustment'>, 1 | -1> = { issue: 1, redemption: -1, account_payment: 1 };

interface BalanceEntryDialogProps {
  customerId: string;
  balances: Balances;
  balance: BalanceName;
  entryType: EntryTypeCreate;
  onClose: () => void;
}

/** Issues, redeems or adjusts store credit or points, or records a payment on the customer's account. */
export function BalanceEntryDialog({ customerId, balances, balance, entryType, onClose }: BalanceEntryDialogProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const readMoney = useMoneyParser();
  const post = usePostBalanceEntry(customerId);
  const errors = useFieldErrors(post.error);
  const [direction, setDirection] = useState<'add' | 'take'>('add');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const points = balance === 'loyalty_points';
  const current = points ? t('balances.points', { count: balances.loyalty_points }) : format.money(balances[balance], balances.currency);

  const readPoints = (text: string): MoneyReading => {
    const typed = text.replace(/[\s\u00a0\u202f]/g, '');
    if (typed === '') return { error: t('problems.request.required') };
    return /^\d+$/.test(typed) && Number.isSafeInteger(Number(typed)) ? { minor: Number(typed) } : { error: t('balances.points_invalid') };
  };

  const submit = () => {
    const read = points ? readPoints(amount) : readMoney(amount, balances.currency, { required: true });
    const size = read.minor ?? 0;
    const error = read.error ?? (size === 0 ? t('balances.amount_zero') : undefined);
    setAmountError(error);
    if (error) return;
    const sign = entryType === 'adjustment' ? (direction === 'add' ? 1 : -1) : SIGNS[entryType];
    post.mutate(
      {
        balance,
        entry_type: entryType,
        amount: sign * size,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
      },
      { onSuccess: onClose },
    );
  };

  const amountLabel = entryType === 'adjustment' ? t('balances.dialog.amount') : t(`balances.dialog.amount_${entryType}`);
  return (
    <FormDialog
      title={t(`balances.dialog.titles.${entryType}_${balance}`)}
      onClose={onClose}
      onSubmit={submit}
      error={post.error}
      saving={post.isPending}
      submitLabel={t(`balances.dialog.${entryType}_submit`)}
    >
      <Text size="sm" c="dimmed">
        {t('balances.dialog.current', { value: current })}
      </Text>
      {entryType === 'adjustment' && (
        <SegmentedControl
          value={direction}
          onChange={(value) => setDirection(value as 'add' | 'take')}
          data={[
            { value: 'add', label: t('balances.dialog.add') },
            { value: 'take', label: t('balances.dialog.take') },
          ]}
          w="fit-content"
          data-testid="adjust-direction"
        />
      )}
      {points ? (
        <TextInput
          label={amountLabel}
          name="amount"
          required
          data-autofocus
          inputMode="numeric"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.currentTarget.value)}
          error={amountError ?? errors.get('/amount')}
        />
      ) : (
        <MoneyInput
          label={amountLabel}
          name="amount"
          required
          data-autofocus
          currency={balances.currency}
          value={amount}
          onChange={setAmount}
          error={amountError ?? errors.get('/amount')}
        />
      )}
      <Textarea
        label={t('balances.dialog.reason')}
        description={entryType === 'adjustment' ? t('balances.dialog.reason_required') : undefined}
        name="reason"
        required={entryType === 'adjustment'}
        autosize
        minRows={2}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        error={errors.get('/reason')}
      />
      <TextInput
        label={t('balances.dialog.reference')}
        description={t('balances.dialog.reference_hint')}
        name="reference"
        value={reference}
        onChange={(event) => setReference(event.currentTarget.value)}
        error={errors.get('/reference')}
      />
    </FormDialog>
  );
}

interface CreditLimitDialogProps {
  customerId: string;
  balances: Balances;
  onClose: () => void;
}

/** How far below zero the customer's account may go. */
export function CreditLimitDialog({ customerId, balances, onClose }: CreditLimitDialogProps) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const readMoney = useMoneyParser();
  const update = useUpdateCreditLimit(customerId);
  const errors = useFieldErrors(update.error);
  const [limit, setLimit] = useState(moneyInputValue(balances.credit_limit, balances.currency, i18n.language));
  const [limitError, setLimitError] = useState<string | undefined>();

  const submit = () => {
    const read = readMoney(limit, balances.currency, { required: true });
    setLimitError(read.error);
    if (read.error !== undefined) return;
    update.mutate({ credit_limit: read.minor ?? 0 }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={t('balances.dialog.credit_limit_title')}
      onClose={onClose}
      onSubmit={submit}
      error={update.error}
      saving={update.isPending}
      submitLabel={t('common.save')}
    >
      <Text size="sm" c="dimmed">
        {t('balances.dialog.credit_limit_current', { value: format.money(balances.on_account, balances.currency) })}
      </Text>
      <MoneyInput
        label={t('balances.credit_limit')}
        description={t('balances.dialog.credit_limit_hint')}
        name="credit_limit"
        required
        data-autofocus
        currency={balances.currency}
        value={limit}
        onChange={setLimit}
        error={limitError ?? errors.get('/credit_limit')}
      />
    </FormDialog>
  );
}
