import type { ReactElement } from 'react';
import { Avatar, AppShell, Burger, Group, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useLogout, useRights, useSession } from '../api/session';
import { IconBox, IconChart, IconChevronDown, IconGroups, IconLogout, IconSettings, IconTag, IconUsers } from '../components/icons';
import { settingsTabsFor } from '../pages/settings/tabs';
import { LanguageMenu } from '../components/LanguageMenu';
import { LogoMark } from '../components/LogoMark';

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { data: session } = useSession();
  const { can } = useRights();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();

  const nav = [
    can('view_customers') && { to: '/customers', label: t('nav.customers'), icon: <IconUsers /> },
    can('view_customers') && { to: '/customers/tags', label: t('nav.tags'), icon: <IconTag /> },
    can('view_customers') && { to: '/groups', label: t('groups.nav'), icon: <IconGroups /> },
    can('view_customers') && { to: '/products', label: t('nav.products'), icon: <IconBox /> },
    can('view_reports') && { to: '/reports', label: t('nav.reports'), icon: <IconChart /> },
    settingsTabsFor(can).length > 0 && { to: '/settings', label: t('nav.settings'), icon: <IconSettings /> },
  ].filter((entry): entry is { to: string; label: string; icon: ReactElement } => Boolean(entry));

  // The deepest entry the address is under is the active one (Tags, not Customers, at /customers/tags).
  const active = nav
    .filter((entry) => location.pathname === entry.to || location.pathname.startsWith(`${entry.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  const signOut = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  const initials = (session?.user.name || session?.user.email || '?')
    .split(/\s+/)
    .map((part) => part[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
      styles={{ main: { background: 'var(--mantine-color-gray-0)' } }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <UnstyledButton component={Link} to="/">
              <Group gap={8} wrap="nowrap">
                <LogoMark />
                <Title order={3} size="h4">
                  Clientele
                </Title>
              </Group>
            </UnstyledButton>
            {session && (
              <Text size="sm" c="dimmed" visibleFrom="sm" data-testid="store-name">
                {session.store.name}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageMenu saveOnUser />
            <Menu position="bottom-end" shadow="md" withinPortal>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu">
                  <Group gap={8} wrap="nowrap">
                    <Avatar size={30} radius="xl" color="indigo">
                      {initials}
                    </Avatar>
                    <Text size="sm" fw={500} visibleFrom="sm">
                      {session?.user.name}
                    </Text>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{session?.user.email}</Menu.Label>
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
                  {t('session.sign_out')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        {nav.map((entry) => (
          <NavLink
            key={entry.to}
            component={Link}
            to={entry.to}
            label={entry.label}
            leftSection={entry.icon}
            active={entry.to === active}
            onClick={close}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
