import { useTranslation } from 'react-i18next';
import type { Role } from '../api/roles';

/** Built-in roles are named by code (owner, cashier…); show them in the user's language. */
export function useRoleName() {
  const { t } = useTranslation();
  return (role: Pick<Role, 'name' | 'builtin'>) =>
    role.builtin ? t(`role_names.${role.name}`, { defaultValue: role.name }) : role.name;
}
