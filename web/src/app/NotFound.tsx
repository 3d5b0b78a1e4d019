import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py={80} gap="sm">
      <Title order={2}>{t('not_found.title')}</Title>
      <Text c="dimmed">{t('not_found.body')}</Text>
      <Button component={Link} to="/" variant="light">
        {t('not_found.home')}
      </Button>
    </Stack>
  );
}
