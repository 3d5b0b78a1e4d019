import { Anchor, Center, Group, Loader, Stack } from '@mantine/core';
import { Link } from 'react-router';
import { IconArrowLeft } from './icons';
import { ProblemAlert } from './ProblemAlert';

/** Back to the list a record page was opened from. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {label}
      </Group>
    </Anchor>
  );
}

interface RecordLoadProps {
  pending: boolean;
  error: unknown;
  /** Where the way back leads, and what it says. */
  back: { to: string; label: string };
  /** The problem's title when the record could not be loaded. */
  failedTitle: string;
}

/** A record page before its record is there: a loader while it loads, the way back and the problem when it failed. */
export function RecordLoad({ pending, error, back, failedTitle }: RecordLoadProps) {
  if (pending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  return (
    <Stack>
      <BackLink {...back} />
      <ProblemAlert error={error} title={failedTitle} />
    </Stack>
  );
}
