import type { RightCode } from '../../api/rights';

/** Settings tabs in display order, each with the right that opens it. */
export const SETTINGS_TABS = [
  { tab: 'store', right: 'manage_store_settings' },
  { tab: 'custom-fields', right: 'manage_store_settings' },
  { tab: 'users', right: 'manage_users' },
  { tab: 'roles', right: 'manage_users' },
  { tab: 'api-keys', right: 'manage_api_keys' },
] as const satisfies readonly { tab: string; right: RightCode }[];

export type SettingsTab = (typeof SETTINGS_TABS)[number]['tab'];

export function settingsTabsFor(can: (right: RightCode) => boolean): SettingsTab[] {
  return SETTINGS_TABS.filter((entry) => can(entry.right)).map((entry) => entry.tab);
}
