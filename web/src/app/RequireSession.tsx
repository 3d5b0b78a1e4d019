import { useEffect } from 'react';
import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../api/session';
import { applyLocale, isAppLocale } from '../i18n';
import { ProblemAlert } from '../components/ProblemAlert';

/** Everything but the login page needs a session; it also brings the user's language. */
export function RequireSession() {
  const { data: session, isPending, error } = useSession();
  const location = useLocation();
  const locale = session ? (session.user.locale ?? session.store.locale) : undefined;

  useEffect(() => {
    if (isAppLocale(locale)) void applyLocale(locale);
  }, [locale]);

  if (isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (error) {
    return (
      <Center h="100vh" p="xl">
        <ProblemAlert error={error} />
      </Center>
    );
  }
  if (!session) {
    const from = location.pathname + location.search;
    return <Navigate to="/login" replace state={{ from }} />;
  }
  return <Outlet />;
}
