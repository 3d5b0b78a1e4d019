import { createBrowserRouter, Navigate } from 'react-router';
import { LoginPage } from '../pages/session/LoginPage';
import { CustomersPage } from '../pages/customers/CustomersPage';
import { CustomerPage } from '../pages/customers/CustomerPage';
import { ProductsPage } from '../pages/products/ProductsPage';
import { ReportsPage } from '../pages/reports/ReportsPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { TagsPage } from '../pages/tags/TagsPage';
import { GroupsPage } from '../pages/groups/GroupsPage';
import { GroupPage } from '../pages/groups/GroupPage';
import { AppLayout } from './AppLayout';
import { RequireSession } from './RequireSession';
import { HomeRedirect } from './HomeRedirect';
import { NotFound } from './NotFound';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'customers', element: <CustomersPage /> },
          { path: 'customers/new', element: <CustomerPage /> },
          { path: 'customers/tags', element: <TagsPage /> },
          { path: 'customers/:customerId', element: <CustomerPage /> },
          { path: 'groups', element: <GroupsPage /> },
          { path: 'groups/:groupId', element: <GroupPage /> },
          { path: 'products', element: <ProductsPage /> },
          { path: 'reports', element: <ReportsPage /> },
          { path: 'reports/:report', element: <ReportsPage /> },
          { path: 'settings', element: <SettingsPage /> },
          { path: 'settings/:tab', element: <SettingsPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);
