import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUpdateMe } from '../api/me';
import { applyLocale, LOCALES, type AppLocale } from '../i18n';
import { IconCheck, IconChevronDown, IconLanguage } from './icons';

interface LanguageMenuProps {
  /** Signed in: the choice is saved on the user (PATCH /v1/me); before sign-in it stays in this browser. */
  saveOnUser: boolean;
}

export function LanguageMenu({ saveOnUser }: LanguageMenuProps) {
  const { t, i18n } = useTranslation();
  const updateMe = useUpdateMe();

  const choose = async (locale: AppLocale) => {
    await applyLocale(locale);
    if (saveOnUser) updateMe.mutate({ locale });
  };

  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconLanguage size={16} />}
          rightSection={<IconChevronDown size={14} />}
          aria-label={t('language.menu')}
          data-testid="language-menu"
        >
          {t(`language.${i18n.language}`)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.menu')}</Menu.Label>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale}
            onClick={() => void choose(locale)}
            rightSection={i18n.language === locale ? <IconCheck size={14} /> : null}
            lang={locale}
            data-locale={locale}
          >
            {t(`language.${locale}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
