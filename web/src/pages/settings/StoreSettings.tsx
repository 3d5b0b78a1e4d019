import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Center, Divider, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/session';
import { useStore, useUpdateStore } from '../../api/store';
import { DateText } from '../../components/DateText';
import { useFieldErrors } from '../../components/field-errors';
import { IconCheck } from '../../components/icons';
import { MoneyText } from '../../components/MoneyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { intlLocale } from '../../i18n';

function currencyCodes(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('currency') ?? ['EUR', 'USD', 'GBP', 'CHF', 'CAD'];
}

export function StoreSettings() {
  const { t, i18n } = useTranslation();
  const { data: store, error, isPending } = useStore();
  const updateStore = useUpdateStore();
  const errors = useFieldErrors(updateStore.error);
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState<string | null>(null);
  const [locale, setLocale] = useState<Locale>('en');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!store) return;
    setName(store.name);
    setCurrency(store.currency);
    setLocale(store.locale);
  }, [store]);

  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([intlLocale(i18n.language)], { type: 'currency' });
    return currencyCodes().map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
  }, [i18n.language]);

  if (isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (error || !store) return <ProblemAlert error={error} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    updateStore.mutate(
      { name: name.trim(), currency: currency ?? undefined, locale },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <Paper withBorder radius="md" p="lg" maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={3} size="h5">
            {t('settings.store.title')}
          </Title>
          {updateStore.error && <ProblemAlert error={updateStore.error} />}
          <TextInput
            label={t('settings.store.name')}
            name="store_name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.get('/name')}
          />
          <Select
            label={t('settings.store.currency')}
            description={t('settings.store.currency_hint')}
            searchable
            data={currencies}
            value={currency}
            onChange={setCurrency}
            error={errors.get('/currency')}
            data-testid="store-currency"
          />
          <Select
            label={t('settings.store.locale')}
            description={t('settings.store.locale_hint')}
            data={[
              { value: 'en', label: t('language.en') },
              { value: 'fr', label: t('language.fr') },
            ]}
            value={locale}
            onChange={(value) => value && setLocale(value as Locale)}
            error={errors.get('/locale')}
            allowDeselect={false}
            data-testid="store-locale"
          />
          <Divider />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('settings.store.preview')}
            </Text>
            <Group gap="xl">
              <Text size="sm" c="dimmed">
                {t('settings.store.preview_money')}{' '}
                <MoneyText amountMinor={123456} currency={currency ?? store.currency} c="dark" data-testid="money-preview" />
              </Text>
              <Text size="sm" c="dimmed">
                {t('settings.store.preview_date')}{' '}
                <DateText value={store.created_at} c="dark" data-testid="date-preview" />
              </Text>
            </Group>
          </Stack>
          <Group justify="flex-end" gap="sm">
            {saved && (
              <Group gap={4} c="teal">
                <IconCheck size={16} />
                <Text size="sm">{t('common.saved')}</Text>
              </Group>
            )}
            <Button type="submit" loading={updateStore.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
