import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ApiKeyCreated, RoleList } from '../../src/modules/access/schema.ts';
import type { Balances } from '../../src/modules/balances/schema.ts';
import type { Customer } from '../../src/modules/customers/schema.ts';
import { apiClient, logIn, screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

/** A till's key, with no right but "Record sales", as a shop's till would hold. */
async function tillOf(api: ApiClient, baseUrl: string): Promise<ApiClient> {
  const key = await api<ApiKeyCreated>('POST', '/v1/api-keys', { name: 'Till 1', rights: ['record_sales'] });
  return apiClient(baseUrl, key.secret);
}

/** Two sales and a return for one customer, the products knowing their cost. */
async function seedSales(api: ApiClient, till: ApiClient): Promise<Customer> {
  await api('POST', '/v1/products', { sku: '85123A', name: 'White hanging heart T-light holder', list_price: 255, unit_cost: 120 });
  await api('POST', '/v1/products', { sku: '21730', name: 'Glass star frosted T-light holder', list_price: 425, unit_cost: 200 });
  await api('POST', '/v1/products', { sku: '22752', name: 'Set 7 babushka nesting boxes', list_price: 765, unit_cost: 400 });
  const customer = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Agnès Moreau' });
  await till('POST', '/v1/sales', {
    external_id: 'S-1', channel: 'till-1', customer_id: customer.id, occurred_at: '2011-11-02T09:15:00Z',
    lines: [
      { sku: '85123A', description: 'White hanging heart T-light holder', quantity: 3, unit_price: 255 },
      { sku: '21730', description: 'Glass star frosted T-light holder', quantity: 2, unit_price: 425, discount: 50 },
    ],
  });
  await till('POST', '/v1/sales', {
    external_id: 'S-2', channel: 'till-1', customer_id: customer.id, occurred_at: '2011-12-05T14:00:00Z',
    lines: [{ sku: '22752', description: 'Set 7 babushka nesting boxes', quantity: 1, unit_price: 765 }],
  });
  await till('POST', '/v1/sales', {
    external_id: 'R-1', channel: 'till-1', kind: 'return', original_external_id: 'S-1', customer_id: customer.id,
    occurred_at: '2011-12-07T11:00:00Z', lines: [{ sku: '85123A', description: 'White hanging heart T-light holder', quantity: -1, unit_price: 255 }],
  });
  return customer;
}

/** The cells of a table row, as shown. */
async function cells(row: ReturnType<Page['locator']>): Promise<string[]> {
  return (await row.locator('td').allInnerTexts()).map((text) => text.trim());
}

/** Opens a balance's dialog from its section and returns the dialog. */
async function openAction(page: Page, balance: string, action: string) {
  await page.getByTestId(`balance-${balance}`).getByRole('button', { name: action, exact: true }).click();
  return page.getByRole('dialog');
}

describe("a customer's orders and balances in the back office", () => {
  const backOffice = setUpBackOffice();

  test("a till's sales show on the customer: totals, the orders newest first with the return marked, and an order's items unfolded", async () => {
    const { api, page } = await backOffice.signedInStore('Orders Shop');
    const customer = await seedSales(api, await tillOf(api, backOffice.server.baseUrl));
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('heading', { name: 'Agnès Moreau' }).waitFor();

    // 1565 + 765 - 255 = 2075 pence over 2 orders (the return is not one); margin 805 + 365 - 135.
    assert.equal(await page.getByTestId('fact-order-count').innerText(), '2');
    assert.equal(await page.getByTestId('fact-total-sales').innerText(), '£20.75');
    assert.equal(await page.getByTestId('fact-average-order').innerText(), '£10.38');
    assert.equal(await page.getByTestId('fact-gross-margin').innerText(), '£10.35');
    assert.equal(await page.getByTestId('fact-first-purchase').innerText(), 'Nov 2, 2011');
    assert.equal(await page.getByTestId('fact-last-purchase').innerText(), 'Dec 5, 2011');

    await page.getByRole('tab', { name: 'Orders' }).click();
    await page.waitForURL(/tab=orders/);
    const rows = page.locator('[data-testid="orders-table"] tbody tr[data-row-id]');
    await rows.nth(2).waitFor();
    assert.equal(await page.getByTestId('table-total').innerText(), '3 sales and returns');
    const receipts = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:nth-child(3)')?.textContent));
    assert.deepEqual(receipts, ['R-1Return', 'S-2', 'S-1']);
    assert.deepEqual((await cells(rows.nth(0))).slice(3), ['till-1', '-1', '-£2.55', '-£2.55']);

    // Unfolding S-1 reads its lines.
    await rows.nth(2).getByRole('button', { name: 'Show items' }).click();
    const lines = page.getByTestId('order-lines').locator('[data-testid="order-line"]');
    await lines.nth(1).waitFor();
    assert.deepEqual(await cells(lines.nth(0)), ['85123A', 'White hanging heart T-light holder', '3', '£2.55', '—', '£7.65', '£4.05']);
    assert.deepEqual(await cells(lines.nth(1)), ['21730', 'Glass star frosted T-light holder', '2', '£4.25', '£0.50', '£8.00', '£4.00']);
    await screenshot(page, 'customer-orders');
    await rows.nth(2).getByRole('button', { name: 'Hide items' }).click();
    await page.getByTestId('order-lines').waitFor({ state: 'detached' });

    // The tab is in the address, so a reload comes back to it.
    await page.reload();
    await rows.nth(2).waitFor();
  });

  test('a manager issues store credit, is refused a redemption above the balance, adjusts with a reason and sees every entry in the ledger', async () => {
    const { api, page } = await backOffice.signedInStore('Credit Shop');
    const customer = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Bruno Lefèvre' });
    await page.goto(`/customers/${customer.id}?tab=balances`);
    const credit = page.getByTestId('balance-store_credit');
    await credit.getByTestId('balance-value').filter({ hasText: '£0.00' }).waitFor();

    let dialog = await openAction(page, 'store_credit', 'Issue');
    await dialog.locator('input[name="amount"]').fill('20');
    await dialog.locator('input[name="reference"]').fill('V-100');
    await dialog.getByRole('button', { name: 'Issue' }).click();
    await dialog.waitFor({ state: 'detached' });
    await credit.getByTestId('balance-value').filter({ hasText: '£20.00' }).waitFor();
    const ledger = credit.locator('[data-testid="ledger-store_credit"] tbody tr[data-row-id]');
    await ledger.first().waitFor();
    assert.deepEqual((await cells(ledger.first())).slice(1), ['Issued', '+£20.00', '£20.00', '—', 'V-100', 'You']);

    // More than the customer has: the API refuses, and the dialog says so next to the amount.
    dialog = await openAction(page, 'store_credit', 'Redeem');
    await dialog.locator('input[name="amount"]').fill('25');
    await dialog.getByRole('button', { name: 'Redeem' }).click();
    await dialog.locator('input[name="amount"][aria-invalid="true"]').waitFor();
    assert.equal(await dialog.getByText('The balance is too low for this: it cannot go below zero.').count(), 2);
    await screenshot(page, 'customer-redeem-refused');
    assert.equal((await api<Balances>('GET', `/v1/customers/${customer.id}/balances`)).store_credit, 2000);

    await dialog.locator('input[name="amount"]').fill('5.50');
    await dialog.getByRole('button', { name: 'Redeem' }).click();
    await dialog.waitFor({ state: 'detached' });
    await credit.getByTestId('balance-value').filter({ hasText: '£14.50' }).waitFor();

    // An adjustment needs a reason: the API's field error shows under the reason.
    dialog = await openAction(page, 'store_credit', 'Adjust');
    await dialog.getByText('Take off').click();
    await dialog.locator('input[name="amount"]').fill('1');
    await dialog.getByRole('button', { name: 'Adjust' }).click();
    await dialog.locator('textarea[name="reason"][aria-invalid="true"]').waitFor();
    await dialog.getByText('Say why: an adjustment needs a reason.').first().waitFor();
    await dialog.locator('textarea[name="reason"]').fill('Voucher partly used at the market stall');
    await dialog.getByRole('button', { name: 'Adjust' }).click();
    await dialog.waitFor({ state: 'detached' });
    await credit.getByTestId('balance-value').filter({ hasText: '£13.50' }).waitFor();

    await ledger.nth(2).waitFor();
    const entries = await Promise.all([0, 1, 2].map(async (index) => (await cells(ledger.nth(index))).slice(1, 5)));
    assert.deepEqual(entries, [
      ['Adjustment', '-£1.00', '£13.50', 'Voucher partly used at the market stall'],
      ['Redeemed', '-£5.50', '£14.50', '—'],
      ['Issued', '+£20.00', '£20.00', '—'],
    ]);

    // The account's credit limit, and what it leaves to charge.
    dialog = await openAction(page, 'on_account', 'Change credit limit');
    await dialog.locator('input[name="credit_limit"]').fill('150');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('credit-limit').filter({ hasText: '£150.00' }).waitFor();
    assert.equal(await page.getByTestId('available-on-account').innerText(), '£150.00');
    await screenshot(page, 'customer-balances');

    const balances = await api<Balances>('GET', `/v1/customers/${customer.id}/balances`);
    assert.deepEqual({ store_credit: balances.store_credit, credit_limit: balances.credit_limit }, { store_credit: 1350, credit_limit: 15000 });

    // Each entry raised the customer's version; the details nobody else changed still save, without a conflict.
    await page.getByRole('tab', { name: 'Details' }).click();
    await page.locator('input[name="name"]').fill('Bruno Lefèvre-Martin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved').waitFor();
    assert.equal(await page.getByTestId('conflict').count(), 0);
    assert.equal((await api<Customer>('GET', `/v1/customers/${customer.id}`)).name, 'Bruno Lefèvre-Martin');
  });

  test('a cashier may redeem and take account payments but not issue or adjust; a viewer sees the balances without any action', async () => {
    const { api, page } = await backOffice.newStore('Till Shop');
    const customer = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Chloé Garnier' });
    await api('POST', `/v1/customers/${customer.id}/balance-entries`, { balance: 'store_credit', entry_type: 'issue', amount: 1000, reason: 'Returned a gift' });
    const roles = await api<RoleList>('GET', '/v1/roles');
    const role = (name: string) => roles.items.find((candidate) => candidate.name === name)!.id;
    const password = 'a long enough password';
    await api('POST', '/v1/users', { email: 'cam@till.example', name: 'Cam Cashier', password, role_ids: [role('cashier')] });
    await api('POST', '/v1/users', { email: 'vic@till.example', name: 'Vic Viewer', password, role_ids: [role('viewer')] });

    await logIn(page, { email: 'cam@till.example', password });
    await page.goto(`/customers/${customer.id}?tab=balances`);
    await page.getByTestId('balance-store_credit').getByTestId('balance-value').filter({ hasText: '£10.00' }).waitFor();
    const buttons = async () => page.locator('[data-testid^="balance-"] button').allInnerTexts();
    assert.deepEqual(await buttons(), ['Redeem', 'Record account payment', 'Redeem']);
    // The owner key issued the credit; a cashier may not list keys, so the ledger says what kind of actor it was.
    assert.equal((await cells(page.locator('[data-testid="ledger-store_credit"] tbody tr[data-row-id]').first())).at(-1), 'API key');

    const dialog = await openAction(page, 'store_credit', 'Redeem');
    await dialog.locator('input[name="amount"]').fill('4');
    await dialog.getByRole('button', { name: 'Redeem' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('balance-store_credit').getByTestId('balance-value').filter({ hasText: '£6.00' }).waitFor();

    const viewer = await backOffice.openPage();
    await logIn(viewer.page, { email: 'vic@till.example', password });
    await viewer.page.goto(`/customers/${customer.id}?tab=balances`);
    await viewer.page.getByTestId('balance-store_credit').getByTestId('balance-value').filter({ hasText: '£6.00' }).waitFor();
    assert.equal(await viewer.page.locator('[data-testid^="balance-"] button').count(), 0);
  });
});
