import { Checkbox, Group, Radio, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CardList } from '../../components/CardList';
import { CountrySelect } from '../../components/CountrySelect';
import type { FieldErrors } from '../../components/field-errors';
import { emptyAddress, type AddressValues } from './customer-form';

interface AddressesEditorProps {
  addresses: AddressValues[];
  onChange: (addresses: AddressValues[]) => void;
  errors: FieldErrors;
  readOnly: boolean;
}

type TextField = 'label' | 'line1' | 'line2' | 'postal_code' | 'city' | 'region';

export function AddressesEditor({ addresses, onChange, errors, readOnly }: AddressesEditorProps) {
  const { t } = useTranslation();

  // One default billing and one default shipping address; a default is always usable for its purpose.
  const makeDefault = (index: number, purpose: 'billing' | 'shipping') =>
    onChange(
      addresses.map((address, i) =>
        purpose === 'billing'
          ? { ...address, is_default_billing: i === index, is_billing: i === index ? true : address.is_billing }
          : { ...address, is_default_shipping: i === index, is_shipping: i === index ? true : address.is_shipping },
      ),
    );

  return (
    <CardList
      title={t('customer.addresses.title')}
      addLabel={t('customer.addresses.add')}
      removeLabel={t('customer.addresses.remove')}
      none={t('customer.addresses.none')}
      items={addresses}
      onChange={onChange}
      newItem={() => emptyAddress(addresses.length === 0)}
      itemTitle={(address, index) => address.label || t('customer.addresses.item', { number: index + 1 })}
      errors={errors}
      pointer="/addresses"
      testIdPrefix="address"
      readOnly={readOnly}
    >
      {(address, index, update) => {
        const textInput = (field: TextField, required = false) => (
          <TextInput
            label={t(`customer.addresses.${field}`)}
            name={`addresses.${index}.${field}`}
            value={address[field]}
            required={required}
            onChange={(event) => update({ [field]: event.currentTarget.value })}
            error={errors.get(`/addresses/${index}/${field}`)}
          />
        );
        return (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {textInput('label')}
              <div />
              {textInput('line1')}
              {textInput('line2')}
              {textInput('postal_code')}
              {textInput('city')}
              {textInput('region')}
              <CountrySelect
                label={t('customer.addresses.country')}
                name={`addresses.${index}.country`}
                value={address.country}
                onChange={(country) => update({ country })}
                error={errors.get(`/addresses/${index}/country`)}
                data-testid={`addresses.${index}.country`}
              />
            </SimpleGrid>
            <Group mt="md" gap="lg">
              <Checkbox
                label={t('customer.addresses.is_billing')}
                name={`addresses.${index}.is_billing`}
                checked={address.is_billing}
                onChange={(event) =>
                  update({
                    is_billing: event.currentTarget.checked,
                    is_default_billing: event.currentTarget.checked && address.is_default_billing,
                  })
                }
                error={errors.get(`/addresses/${index}/is_billing`)}
              />
              <Checkbox
                label={t('customer.addresses.is_shipping')}
                name={`addresses.${index}.is_shipping`}
                checked={address.is_shipping}
                onChange={(event) =>
                  update({
                    is_shipping: event.currentTarget.checked,
                    is_default_shipping: event.currentTarget.checked && address.is_default_shipping,
                  })
                }
                error={errors.get(`/addresses/${index}/is_shipping`)}
              />
              <Radio
                label={t('customer.addresses.is_default_billing')}
                name="default_billing"
                value={String(index)}
                checked={address.is_default_billing}
                onChange={() => makeDefault(index, 'billing')}
                error={errors.get(`/addresses/${index}/is_default_billing`)}
              />
              <Radio
                label={t('customer.addresses.is_default_shipping')}
                name="default_shipping"
                value={String(index)}
                checked={address.is_default_shipping}
                onChange={() => makeDefault(index, 'shipping')}
                error={errors.get(`/addresses/${index}/is_default_shipping`)}
              />
            </Group>
          </>
        );
      }}
    </CardList>
  );
}
