import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiClient, createOwner, launchBrowser, logIn, openPage, screenshot } from '../helpers/browser.ts';
import { startServer } from '../helpers/server.ts';

describe('signing in to the back office', () => {
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

  test('a merchant who mistypes their password is told so and stays on the login page', async () => {
    const store = await server.createStore({ name: 'Corner Shop' });
    const owner = await createOwner(apiClient(server.baseUrl, store.api_key));
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await page.goto('/');
      await page.waitForURL('**/login');
      await screenshot(page, 'login');
      await page.locator('input[name="email"]').fill(owner.email);
      await page.locator('input[name="password"]').fill('not the password');
      await page.locator('button[type="submit"]').click();

      const error = page.getByTestId('login-error');
      await error.waitFor();
      assert.equal(await error.innerText(), 'This email and password do not match.');
      assert.ok(new URL(page.url()).pathname.startsWith('/login'));
      await screenshot(page, 'login-error');
    } finally {
      await context.close();
    }
  });

  test('a merchant whose email opens two stores picks one, and works in that store', async () => {
    const first = await server.createStore({ name: 'Marché Nord' });
    const second = await server.createStore({ name: 'Marché Sud' });
    const email = `two-stores-${Date.now()}@example.test`;
    const owner = await createOwner(apiClient(server.baseUrl, first.api_key), { email });
    await createOwner(apiClient(server.baseUrl, second.api_key), { email });
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await page.goto('/login');
      await page.locator('input[name="email"]').fill(email);
      await page.locator('input[name="password"]').fill(owner.password);
      await page.locator('button[type="submit"]').click();

      const picker = page.getByTestId('store-picker');
      await picker.waitFor();
      await screenshot(page, 'login-store-choice');
      await picker.getByLabel('Marché Sud').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByTestId('user-menu').waitFor();
      assert.equal(await page.getByTestId('store-name').innerText(), 'Marché Sud');
    } finally {
      await context.close();
    }
  });

  test('a merchant with the right password lands on their customers, with their store named in the header', async () => {
    const store = await server.createStore({ name: 'Boulangerie Martin' });
    const owner = await createOwner(apiClient(server.baseUrl, store.api_key), { name: 'Marie Martin' });
    const { context, page } = await openPage(browser, server.baseUrl);
    try {
      await logIn(page, owner);
      assert.equal(new URL(page.url()).pathname, '/customers');
      assert.equal(await page.getByTestId('store-name').innerText(), 'Boulangerie Martin');
      await page.getByRole('heading', { name: 'Customers' }).waitFor();

      // The session survives a reload: the cookie, not the page, holds it.
      await page.reload();
      await page.getByTestId('user-menu').waitFor();
      assert.equal(new URL(page.url()).pathname, '/customers');

      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL('**/login');
      await page.goto('/customers');
      await page.waitForURL('**/login');
    } finally {
      await context.close();
    }
  });
});
