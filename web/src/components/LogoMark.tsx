import { Text, ThemeIcon } from '@mantine/core';

/** Clientele's mark, a C on the brand gradient: small in the header, large on the login page. */
export function LogoMark({ large = false }: { large?: boolean }) {
  return (
    <ThemeIcon size={large ? 48 : 30} radius="md" variant="gradient" gradient={{ from: 'indigo', to: 'cyan', deg: 135 }}>
      <Text fw={800} size={large ? 'xl' : 'sm'} c="white">
        C
      </Text>
    </ThemeIcon>
  );
}
