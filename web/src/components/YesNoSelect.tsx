import { Select, type SelectProps } from '@mantine/core';

interface YesNoSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  /** Undefined when the filter is off. */
  value: boolean | undefined;
  /** "true", "false", or null when cleared: the value as the address keeps it. */
  onChange: (value: string | null) => void;
  yes: string;
  no: string;
}

/** A yes / no filter ("VIP customers", "Not VIP"), clearable to "any". */
export function YesNoSelect({ value, onChange, yes, no, ...props }: YesNoSelectProps) {
  return (
    <Select
      {...props}
      data={[
        { value: 'true', label: yes },
        { value: 'false', label: no },
      ]}
      value={value === undefined ? null : String(value)}
      onChange={(next) => onChange(next)}
      clearable
    />
  );
}
