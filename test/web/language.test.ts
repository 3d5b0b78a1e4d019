import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UserList } from '../../src/modules/access/schema.ts';
import { logIn, screenshot, setUpBackOffice } from '../helpers/browser.ts';

/** Intl separates groups and currency with (narrow) no-break spaces; compare them as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

describe('the back office in English and French', () => {
  const backOffice = setUpBackOffice();

  test('a merchant whose browser speaks French gets the login page in French', async () => {
    const { page } = await backOffice.openPage({ locale: 'fr-FR' });
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Connexion à votre boutique' }).waitFor();
    assert.equal(await page.locator('button[type="submit"]').innerText(), 'Se connecter');
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  });

  test('a merchant who switches to French sees French labels, dates and amounts, and finds French again at the next sign-in', async () => {
    const { api, owner, page } = await backOffice.newStore('Fromagerie Dubois', { name: 'Claire Dubois' });
    await api('POST', '/v1/customers', { type: 'consumer', name: 'Hélène Petit' });

    await logIn(page, owner);
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    assert.equal(await page.getByTestId('table-total').innerText(), '1 customer');
    const createdCell = page.locator('[data-testid="customers-table"] tbody tr[data-row-id] time').first();
    assert.match(await createdCell.innerText(), /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);

    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    assert.equal(await page.getByTestId('table-total').innerText(), '1 client');
    assert.equal(await page.getByRole('link', { name: 'Paramètres' }).count(), 1);
    assert.equal(await page.locator('[data-sort-key="created_at"]').innerText(), 'Créé le');
    assert.match(await createdCell.innerText(), /^\d{1,2} [a-zéû]+\.? \d{4}$/);
    await screenshot(page, 'customers-fr');

    await page.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('tab', { name: 'Boutique' }).waitFor();
    // GBP amounts: £1,234.56 in English; in French the symbol follows (CLDR writes it £GB).
    assert.match(plain(await page.getByTestId('money-preview').innerText()), /^1 234,56 £(GB)?$/);
    await screenshot(page, 'settings-store-fr');

    const users = await api<UserList>('GET', '/v1/users');
    assert.equal(users.items.find((user) => user.id === owner.id)?.locale, 'fr');
    await page.context().close();

    // A new browser, in English, still opens the back office in the language the user chose.
    const second = await backOffice.openPage({ locale: 'en-US' });
    await logIn(second.page, owner);
    await second.page.getByRole('heading', { name: 'Clients' }).waitFor();
    await second.page.getByTestId('language-menu').click();
    await second.page.getByRole('menuitem', { name: 'English' }).click();
    await second.page.getByRole('heading', { name: 'Customers' }).waitFor();
    await second.page.goto('/settings/store');
    assert.equal(plain(await second.page.getByTestId('money-preview').innerText()), '£1,234.56');
  });
});
