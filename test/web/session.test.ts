import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, createOwner, logIn, screenshot, setUpBackOffice } from '../helpers/browser.ts';

describe('signing in to the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant who mistypes their password is told so and stays on the login page', async () => {
    const { owner, page } = await backOffice.newStore('Corner Shop');
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
  });

  test('a merchant whose email opens two stores picks one, and works in that store', async () => {
    const email = `two-stores-${Date.now()}@example.test`;
    const { owner, page } = await backOffice.newStore('Marché Nord', { email });
    const second = await backOffice.server.createStore({ name: 'Marché Sud' });
    await createOwner(apiClient(backOffice.server.baseUrl, second.api_key), { email });

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
  });

  test('a merchant with the right password lands on their customers, with their store named in the header', async () => {
    const { owner, page } = await backOffice.newStore('Boulangerie Martin', { name: 'Marie Martin' });
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
  });
});
