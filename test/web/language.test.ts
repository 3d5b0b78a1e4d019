import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiClient, createOwner, launchBrowser, logIn, openPage, screenshot } from '../helpers/browser.ts';
import { startServer } from '../helpers/server.ts';

/** Intl separates groups and currency with (narrow) no-break spaces; compare them as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

describe('the back office in English and French', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a merchant whose browser speaks French gets the login page in French', async () => {
    const { context, page } = await openPage(browser, server.baseUrl, { locale: 'fr-FR' });
    try {
      await page.goto('/login');
      await page.getByRole('heading', { name: 'Connexion à votre boutique' }).waitFor();
      assert.equal(await page.locator('button[type="submit"]').innerText(), 'Se connecter');
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    } finally {
      await context.close();
    }
  });

  test('a merchant who switches to French sees French labels, dates and amounts, and finds French again at the next sign-in', async () => {
    const store = await server.createStore({ name: 'Fromagerie Dubois' });
    const api = apiClient(server.baseUrl, store.api_key);
    const owner = await createOwner(api, { name: 'Claire Dubois' });
    await api('POST', '/v1/customers', { type: 'consumer', name: 'Hélène Petit' });

    const first = await openPage(browser, server.baseUrl);
    try {
      const { page } = first;
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

      const users = await api<{ items: { id: string; locale: string | null }[] }>('GET', '/v1/users');
      assert.equal(users.items.find((user) => user.id === owner.id)?.locale, 'fr');
    } finally {
      await first.context.close();
    }

    // A new browser, in English, still opens the back office in the language the user chose.
    const second = await openPage(browser, server.baseUrl, { locale: 'en-US' });
    try {
      await logIn(second.page, owner);
      await second.page.getByRole('heading', { name: 'Clients' }).waitFor();
      await second.page.getByTestId('language-menu').click();
      await second.page.getByRole('menuitem', { name: 'English' }).click();
      await second.page.getByRole('heading', { name: 'Customers' }).waitFor();
      await second.page.goto('/settings/store');
      assert.equal(plain(await second.page.getByTestId('money-preview').innerText()), '£1,234.56');
    } finally {
      await second.context.close();
    }
  });
});
