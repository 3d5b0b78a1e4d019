import { Navigate } from 'react-router';
import { useRights } from '../api/session';
import { settingsTabsFor } from '../pages/settings/tabs';
import { NotFound } from './NotFound';

export function HomeRedirect() {
  const { can } = useRights();
  if (can('view_customers')) return <Navigate to="/customers" replace />;
  if (can('view_reports')) return <Navigate to="/reports" replace />;
  const tab = settingsTabsFor(can)[0];
  if (tab) return <Navigate to={`/settings/${tab}`} replace />;
  return <NotFound />;
}
