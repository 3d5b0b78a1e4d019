import { Text, type TextProps } from '@mantine/core';
import { useFormatters } from './format';

interface MoneyTextProps extends TextProps {
  /** Integer amount in the currency's minor unit (cents). */
  amountMinor: number;
  currency: string;
}

export function MoneyText({ amountMinor, currency, ...props }: MoneyTextProps) {
  const format = useFormatters();
  return (
    <Text span ff="inherit" style={{ fontVariantNumeric: 'tabular-nums' }} {...props}>
      {format.money(amountMinor, currency)}
    </Text>
  );
}
