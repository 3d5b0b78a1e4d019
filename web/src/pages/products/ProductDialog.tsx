import { useState } from 'react';
import { SimpleGrid, Switch, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSaveProduct, type Product } from '../../api/products';
import { useCurrency } from '../../api/session';
import { useFieldErrors } from '../../components/field-errors';
import { FormDialog } from '../../components/FormDialog';
import { moneyInputValue } from '../../components/money';
import { MoneyInput, useMoneyParser } from '../../components/MoneyInput';

interface ProductDialogProps {
  /** The product to edit; a new one when undefined. */
  product?: Product;
  /** Shows the product without letting it change (no "Manage products"). */
  readOnly?: boolean;
  onClose: () => void;
}

/** Classifications are kept in lower case, once each: what the merchant types is tidied the same way. */
function tidyClassifications(values: string[]): string[] {
  return [...new Set(values.map((value) => value.trim().toLowerCase()).filter(Boolean))];
}

/** Creates a product, or changes one's SKU, name, prices, classifications or whether it is offered. */
export function ProductDialog({ product, readOnly = false, onClose }: ProductDialogProps) {
  const { t, i18n } = useTranslation();
  const storeCurrency = useCurrency();
  const currency = product?.currency ?? storeCurrency;
  const readMoney = useMoneyParser();
  const save = useSaveProduct();
  const errors = useFieldErrors(save.error);
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [listPrice, setListPrice] = useState(moneyInputValue(product?.list_price ?? null, currency, i18n.language));
  const [unitCost, setUnitCost] = useState(moneyInputValue(product?.unit_cost ?? null, currency, i18n.language));
  const [classifications, setClassifications] = useState<string[]>(product?.classifications ?? []);
  const [active, setActive] = useState(product?.active ?? true);
  // Amounts the browser could not read, shown before anything is sent.
  const [moneyErrors, setMoneyErrors] = useState<{ list_price?: string; unit_cost?: string }>({});

  const submit = () => {
    const price = readMoney(listPrice, currency, { required: true });
    const cost = readMoney(unitCost, currency);
    setMoneyErrors({ list_price: price.error, unit_cost: cost.error });
    if (price.error !== undefined || cost.error !== undefined) return;
    const input = {
      sku: sku.trim(),
      name: name.trim(),
      list_price: price.minor ?? 0,
      unit_cost: cost.minor,
      classifications,
      active,
    };
    save.mutate(product ? { id: product.id, input } : { input }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={product ? (readOnly ? product.name : t('products.edit_title')) : t('products.new_title')}
      onClose={onClose}
      onSubmit={submit}
      error={save.error}
      saving={save.isPending}
      submitLabel={product ? t('common.save') : t('products.create')}
      readOnly={readOnly}
      size="lg"
    >
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0, display: 'contents' }}>
        {/* Inputs line up along the bottom, whether or not the one beside has a hint above it. */}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" style={{ alignItems: 'end' }}>
          <TextInput
            label={t('products.sku')}
            description={t('products.sku_hint')}
            name="sku"
            required
            data-autofocus
            value={sku}
            onChange={(event) => setSku(event.currentTarget.value)}
            error={errors.get('/sku')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <TextInput
            label={t('products.name')}
            name="name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors.get('/name')}
          />
          <MoneyInput
            label={t('products.list_price')}
            name="list_price"
            required
            currency={currency}
            value={listPrice}
            onChange={setListPrice}
            error={moneyErrors.list_price ?? errors.get('/list_price')}
          />
          <MoneyInput
            label={t('products.unit_cost')}
            description={t('products.unit_cost_hint')}
            name="unit_cost"
            currency={currency}
            value={unitCost}
            onChange={setUnitCost}
            error={moneyErrors.unit_cost ?? errors.get('/unit_cost')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('products.classifications')}
          description={t('products.classifications_hint')}
          name="classifications"
          value={classifications}
          onChange={(values) => setClassifications(tidyClassifications(values))}
          splitChars={[',', ';']}
          acceptValueOnBlur
          clearable
          error={errors.get('/classifications') ?? classificationItemError(errors)}
          data-testid="product-classifications"
        />
        <Switch
          label={t('products.active_label')}
          description={t('products.active_hint')}
          name="active"
          checked={active}
          onChange={(event) => setActive(event.currentTarget.checked)}
          mt="xs"
        />
      </fieldset>
    </FormDialog>
  );
}

/** A message about one classification (`/classifications/2`) shows under the whole box. */
function classificationItemError(errors: ReturnType<typeof useFieldErrors>): string | undefined {
  for (let index = 0; index < 50; index += 1) {
    const message = errors.get(`/classifications/${index}`);
    if (message) return message;
  }
  return undefined;
}
