import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Center, Divider, Group, Loader, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/session';
import { useStore, useUpdateStore } from '../../api/store';
import { DateText } from '../../components/DateText';
import { useFieldErrors } from '../../components/field-errors';
import { IconCheck } from '../../components/icons';
import { parseScaled, scaledInputValue } from '../../components/money';
import { MoneyText } from '../../components/MoneyText';
import { ProblemAlert } from '../../components/ProblemAlert';
import { intlLocale } from '../../i18n';
import { OneGroupSetting } from './OneGroupSetting';

/** Every IANA zone the browser knows, each with its offset now: "Europe/Paris (GMT+1)". */
function timeZoneOptions(current: string, locale: string): { value: string; label: string }[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = new Set(intl.supportedValuesOf?.('timeZone') ?? []);
  zones.add('UTC');
  zones.add(current);
  const now = new Date();
  return [...zones].sort().map((zone) => {
    try {
      const offset = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'shortOffset' })
        .formatToParts(now)
        .find((part) => part.type === 'timeZoneName')?.value;
      return { value: zone, label: offset ? `${zone.replaceAll('_', ' ')} (${offset})` : zone };
    } catch {
      return { value: zone, label: zone };
    }
  });
}

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
  // The margin is shown as a percentage with up to two decimals and kept in basis points (35% = 3500).
  const [margin, setMargin] = useState('');
  const [marginError, setMarginError] = useState<string | undefined>();
  const [pointsRate, setPointsRate] = useState<number | string>(0);
  const [timeZone, setTimeZone] = useState<string | null>(null);

  useEffect(() => {
    if (!store) return;
    setName(store.name);
    setCurrency(store.currency);
    setLocale(store.locale);
    setMargin(scaledInputValue(store.default_margin_bp, 2, i18n.language).replace(/[.,]?0+$/, ''));
    setPointsRate(store.loyalty_points_per_unit);
    setTimeZone(store.time_zone);
  }, [store]);

  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([intlLocale(i18n.language)], { type: 'currency' });
    return currencyCodes().map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
  }, [i18n.language]);
  const timeZones = useMemo(() => timeZoneOptions(store?.time_zone ?? 'UTC', intlLocale(i18n.language)), [store?.time_zone, i18n.language]);

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
    const parsed = parseScaled(margin, 2, i18n.language);
    const marginBp = parsed.ok ? parsed.minor : null;
    const invalid = !parsed.ok ? t(`money.${parsed.reason}`, { count: 2 }) : marginBp === null ? t('problems.request.required') : undefined;
    setMarginError(invalid ?? (marginBp !== null && marginBp > 10000 ? t('settings.store.default_margin_range') : undefined));
    if (invalid || marginBp === null || marginBp > 10000) return;
    updateStore.mutate(
      {
        name: name.trim(),
        currency: currency ?? undefined,
        locale,
        default_margin_bp: marginBp,
        loyalty_points_per_unit: typeof pointsRate === 'number' ? pointsRate : Number(pointsRate) || 0,
        time_zone: timeZone ?? undefined,
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    <Stack gap="lg" maw={640}>
      <Paper withBorder radius="md" p="lg">
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
            <Select
              label={t('settings.store.time_zone')}
              description={t('settings.store.time_zone_hint')}
              searchable
              data={timeZones}
              value={timeZone}
              onChange={setTimeZone}
              allowDeselect={false}
              error={errors.get('/time_zone')}
              limit={200}
              data-testid="store-time-zone"
            />
            <Divider label={t('settings.store.sales_section')} labelPosition="left" />
            <TextInput
              label={t('settings.store.default_margin')}
              description={t('settings.store.default_margin_hint')}
              name="default_margin"
              inputMode="decimal"
              rightSection="%"
              styles={{ wrapper: { maxWidth: 240 } }}
              value={margin}
              onChange={(event) => setMargin(event.currentTarget.value)}
              error={marginError ?? errors.get('/default_margin_bp')}
            />
            <NumberInput
              label={t('settings.store.loyalty_points_per_unit', { currency: currency ?? store.currency })}
              description={t('settings.store.loyalty_points_per_unit_hint')}
              name="loyalty_points_per_unit"
              min={0}
              max={10000}
              allowDecimal={false}
              allowNegative={false}
              styles={{ wrapper: { maxWidth: 240 } }}
              value={pointsRate}
              onChange={setPointsRate}
              error={errors.get('/loyalty_points_per_unit')}
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
      <OneGroupSetting store={store} />
    </Stack>
  );
}
