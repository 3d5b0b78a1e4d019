import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiKeyList, RoleList, UserList } from '../../src/modules/access/schema.ts';
import type { CustomFieldList } from '../../src/modules/customers/schema.ts';
import { apiClient, logIn, screenshot, setUpBackOffice } from '../helpers/browser.ts';

describe('store settings in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant creates an API key for a till, sees its secret once, then finds it listed by its prefix and revokes it', async () => {
    const { api, page } = await backOffice.signedInStore('Key Shop');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'API keys' }).click();
    await page.waitForURL('**/settings/api-keys');
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Till 2');
    await dialog.getByLabel('View customers').check();
    await dialog.getByLabel('Record sales').check();
    await screenshot(page, 'settings-api-key-new');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const secretBox = page.getByTestId('api-key-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.innerText()).trim();
    assert.match(secret, /^clt_/);
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await screenshot(page, 'settings-api-key-secret');

    // The key works, with the rights chosen.
    const till = apiClient(backOffice.server.baseUrl, secret);
    const list = await till<{ total: number }>('GET', '/v1/customers');
    assert.equal(list.total, 0);

    await page.getByRole('button', { name: 'I have copied it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    assert.equal((await page.content()).includes(secret), false);

    const keys = await api<ApiKeyList>('GET', '/v1/api-keys');
    const created = keys.items.find((key) => key.name === 'Till 2');
    assert.ok(created);
    assert.deepEqual([...created.rights].sort(), ['record_sales', 'view_customers']);
    await page.reload();
    const row = page.locator(`[data-testid="api-keys-table"] tr[data-row-id="${created.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(created.display.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(await row.innerText(), /2 rights/);
    assert.doesNotMatch(await row.innerText(), /Never/);
    await screenshot(page, 'settings-api-keys');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    await assert.rejects(till('GET', '/v1/customers'), /401/);
  });

  test('a merchant adds a choice custom field, and it appears on the customer form', async () => {
    const { api, page } = await backOffice.signedInStore('Fields Shop');
    await page.goto('/settings/custom-fields');
    await page.getByRole('button', { name: 'New field' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="label"]').fill('Preferred shop');
    assert.equal(await dialog.locator('input[name="key"]').inputValue(), 'preferred_shop');
    await dialog.getByTestId('custom-field-type').click();
    await page.getByRole('option', { name: 'Choice' }).click();
    const options = dialog.getByLabel('Choices');
    for (const option of ['Brest', 'Quimper']) {
      await options.fill(option);
      await options.press('Enter');
    }
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Preferred shop' }).waitFor();

    const fields = await api<CustomFieldList>('GET', '/v1/custom-fields');
    assert.deepEqual(fields.items.map(({ key, type, options }) => ({ key, type, options })), [
      { key: 'preferred_shop', type: 'choice', options: ['Brest', 'Quimper'] },
    ]);

    await page.goto('/customers/new');
    await page.getByTestId('custom_fields.preferred_shop').click();
    await page.getByRole('option', { name: 'Quimper' }).waitFor();
  });

  test('a merchant makes a "Stock counter" role and gives it to a new user, then disables that user', async () => {
    const { api, page } = await backOffice.signedInStore('People Shop');
    await page.goto('/settings/roles');
    await page.getByRole('button', { name: 'New role' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Stock counter');
    await dialog.getByLabel('View customers').check();
    await dialog.getByLabel('View reports').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Stock counter').waitFor();
    await screenshot(page, 'settings-roles');

    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Sam Counter');
    await dialog.locator('input[name="email"]').fill('sam@people.example');
    await dialog.locator('input[name="password"]').fill('a long enough password');
    await dialog.getByLabel('Stock counter').check();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid="users-table"] tr', { hasText: 'sam@people.example' });
    await row.getByText('Active').waitFor();

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await screenshot(page, 'settings-users');

    const users = await api<UserList>('GET', '/v1/users');
    const roles = await api<RoleList>('GET', '/v1/roles');
    const sam = users.items.find((user) => user.email === 'sam@people.example');
    const role = roles.items.find((r) => r.name === 'Stock counter');
    assert.ok(sam && role);
    // The whole user, so that a failure shows what the store holds.
    assert.deepEqual({ ...sam, disabled: true, role_ids: [role.id] }, sam);
    assert.deepEqual([...role.rights].sort(), ['view_customers', 'view_reports']);
  });

  test('a viewer sees customers but neither the settings nor the buttons that change customers', async () => {
    const store = await backOffice.server.createStore({ name: 'Viewer Shop' });
    const api = apiClient(backOffice.server.baseUrl, store.api_key);
    const roles = await api<RoleList>('GET', '/v1/roles');
    const viewer = roles.items.find((role) => role.name === 'viewer')!;
    await api('POST', '/v1/users', { email: 'vic@viewer.example', name: 'Vic Viewer', password: 'a long enough password', role_ids: [viewer.id] });
    const customer = await api<{ id: string }>('POST', '/v1/customers', { type: 'consumer', name: 'Read Only' });
    const { page } = await backOffice.openPage();
    await logIn(page, { email: 'vic@viewer.example', password: 'a long enough password' });
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByText('Read Only').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Settings' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'New customer' }).count(), 0);

    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('heading', { name: 'Read Only' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);
    assert.equal(await page.locator('input[name="name"]').isDisabled(), true);

    // Typing the address of settings leads back to what the viewer may see.
    await page.goto('/settings/users');
    await page.waitForURL('**/customers');
  });
});
