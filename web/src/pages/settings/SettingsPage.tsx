import { Stack, Tabs, Title } from '@mantine/core';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useRights } from '../../api/session';
import { ApiKeys } from './ApiKeys';
import { CustomFields } from './CustomFields';
import { Roles } from './Roles';
import { StoreSettings } from './StoreSettings';
import { settingsTabsFor, type SettingsTab } from './tabs';
import { Users } from './Users';

const PANELS: Record<SettingsTab, () => React.JSX.Element> = {
  store: StoreSettings,
  'custom-fields': CustomFields,
  users: Users,
  roles: Roles,
  'api-keys': ApiKeys,
};

export function SettingsPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const { can } = useRights();
  const tabs = settingsTabsFor(can);
  const active = tabs.find((allowed) => allowed === tab);

  if (!active) {
    return tabs[0] ? <Navigate to={`/settings/${tabs[0]}`} replace /> : <Navigate to="/" replace />;
  }
  const Panel = PANELS[active];

  return (
    <Stack gap="lg">
      <Title order={2}>{t('settings.title')}</Title>
      <Tabs value={active} onChange={(next) => next && navigate(`/settings/${next}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          {tabs.map((entry) => (
            <Tabs.Tab key={entry} value={entry}>
              {t(`settings.tabs.${entry}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active}>
          <Panel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
