import { Text, Tooltip, type TextProps } from '@mantine/core';
import { useFormatters } from './format';

interface DateTextProps extends TextProps {
  value: string | null | undefined;
  /** Show the time of day as well as the date. */
  withTime?: boolean;
  empty?: string;
}

export function DateText({ value, withTime = false, empty = '—', ...props }: DateTextProps) {
  const format = useFormatters();
  if (!value) {
    return (
      <Text span c="dimmed" {...props}>
        {empty}
      </Text>
    );
  }
  const text = withTime ? format.dateTime(value) : format.date(value);
  return (
    <Tooltip label={format.dateTime(value)} disabled={withTime || /^\d{4}-\d{2}-\d{2}$/.test(value)} openDelay={400}>
      <Text span {...props}>
        <time dateTime={value}>{text}</time>
      </Text>
    </Tooltip>
  );
}
