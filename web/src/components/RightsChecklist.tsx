import { Checkbox, Input, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRightsCatalogue, type RightCode } from '../api/rights';

interface RightsChecklistProps {
  value: RightCode[];
  onChange: (rights: RightCode[]) => void;
  label?: string;
  error?: string;
  disabled?: boolean;
}

/** The store's rights as checkboxes, labelled by code in the user's language. */
export function RightsChecklist({ value, onChange, label, error, disabled }: RightsChecklistProps) {
  const { t } = useTranslation();
  const { data: rights = [] } = useRightsCatalogue();
  return (
    <Input.Wrapper label={label ?? t('rights.label')} error={error}>
      <Checkbox.Group value={value} onChange={onChange}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
          {rights.map((right) => (
            <Checkbox
              key={right.code}
              value={right.code}
              disabled={disabled}
              label={t(`rights.${right.code}`, { defaultValue: right.name })}
            />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </Input.Wrapper>
  );
}
