import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "VIP", in gold: a VIP group or level, or a customer who is VIP through one. */
export function VipBadge(props: Omit<BadgeProps, 'children'> & { 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color="yellow" variant="filled" radius="sm" c="dark.8" miw="max-content" {...props}>
      {t('groups.vip_badge')}
    </Badge>
  );
}
