import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Customer, CustomerList } from '../../src/modules/customers/schema.ts';
import { BROWSER_TIME_ZONE, logIn, screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

/** The names in the customers table, top to bottom. */
async function tableNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="customers-table"] tbody tr[data-row-id] td:first-child p:first-child').allInnerTexts();
}

async function waitForTotal(page: Page, text: string): Promise<void> {
  await page.getByTestId('table-total').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

/** Picks an option of a Mantine Select by typing part of its label. */
async function choose(page: Page, input: ReturnType<Page['locator']>, typed: string | null, option: string): Promise<void> {
  await input.click();
  if (typed !== null) await input.fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The error message Mantine shows under an input, found through the input's aria-describedby. */
async function errorUnder(page: Page, selector: string): Promise<string> {
  const input = page.locator(selector);
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-invalid') === 'true', selector);
  const described = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = described.split(/\s+/).find((id) => id.endsWith('-error'));
  assert.ok(errorId, `no error is attached to ${selector}`);
  return page.locator(`[id="${errorId}"]`).innerText();
}

describe('customers in the back office', () => {
  const backOffice = setUpBackOffice();

  async function seedCustomers(api: ApiClient) {
    const specials = [
      { type: 'business', name: 'Atelier Dupont', company_name: 'Atelier Dupont SARL', code: 'B-001', country: 'FR' },
      { type: 'business', name: 'Zebra Books', company_name: 'Zebra Books Ltd', code: 'B-002', country: 'GB' },
      { type: 'business', name: 'Berliner Brot', company_name: 'Berliner Brot GmbH', code: 'B-003', country: 'DE' },
      { type: 'consumer', name: 'Anna Schmidt', code: 'C-900', country: 'DE' },
    ];
    for (const customer of specials) {
      const { country, ...rest } = customer;
      await api('POST', '/v1/customers', { ...rest, addresses: [{ line1: '1 Main Street', country, is_billing: true, is_shipping: true }] });
    }
    for (let i = 1; i <= 26; i++) {
      await api('POST', '/v1/customers', {
        type: 'consumer',
        name: `Walk-in ${String(i).padStart(2, '0')}`,
        code: `C-${String(i).padStart(3, '0')}`,
        addresses: [{ line1: `${i} High Street`, country: 'GB', is_billing: true, is_shipping: true }],
      });
    }
  }

  test('a merchant pages through 30 customers, seeing the total and 25 more at a time', async () => {
    const { api, owner, page } = await backOffice.newStore('Paging Shop');
    await seedCustomers(api);
    await logIn(page, owner);
    await waitForTotal(page, '30 customers');
    assert.equal((await tableNames(page)).length, 25);
    await screenshot(page, 'customers-list');

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="customers-table"] tbody tr[data-row-id]').length === 30);
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);

    const names = await tableNames(page);
    const all = await api<CustomerList>('GET', '/v1/customers?limit=100');
    assert.deepEqual(names, all.items.map((customer) => customer.name));
  });

  test('a merchant searching a common name sees "1,000+ customers", and the export and bulk change say every match goes', async () => {
    const { store, owner, page } = await backOffice.newStore('Busy Shop');
    // 1,005 customers, "Customer 20000" to "Customer 21004", the way a shop gets many at once: a sales import.
    const lines = Array.from({ length: 1005 }, (_, i) => `${600000 + i},85123A,HEART HOLDER,1,2011-01-03 10:00:00,2.55,${20000 + i}.0,United Kingdom`);
    const file = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country', ...lines].join('\n');
    const headers = { authorization: `Bearer ${store.api_key}` };
    const queued = await fetch(`${backOffice.server.baseUrl}/v1/sales-imports`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: file });
    assert.equal(queued.status, 202, await queued.clone().text());
    const { id } = (await queued.json()) as { id: string };
    let state = 'queued';
    for (let i = 0; i < 3000 && state !== 'succeeded' && state !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = ((await (await fetch(`${backOffice.server.baseUrl}/v1/import-jobs/${id}`, { headers })).json()) as { state: string }).state;
    }
    assert.equal(state, 'succeeded');

    await logIn(page, owner);
    await waitForTotal(page, '1,005 customers');
    await page.locator('input[name="q"]').fill('customer');
    await waitForTotal(page, '1,000\\+ customers');
    assert.deepEqual((await tableNames(page)).slice(0, 2), ['Customer 20000', 'Customer 20001']);
    await screenshot(page, 'customers-capped-total');

    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('dialog').getByTestId('export-count')
      .filter({ hasText: 'More than 1,000 customers match this search, and every one of them goes in the file.' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Change tags' }).click();
    await page.getByRole('dialog').getByTestId('bulk-count').filter({ hasText: /^More than 1,000 customers match this search, and every one of them will change\./ }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Change 1,000+ customers' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.locator('input[name="q"]').fill('customer 2000');
    await waitForTotal(page, '10 customers');
  });

  test('a merchant narrows the list by text, type, country and creation date', async () => {
    const { api, owner, page } = await backOffice.newStore('Filter Shop');
    await seedCustomers(api);
    await logIn(page, owner);
    await waitForTotal(page, '30 customers');

    await page.locator('input[name="q"]').fill('dupont');
    await waitForTotal(page, '1 customer');
    assert.deepEqual(await tableNames(page), ['Atelier Dupont']);
    assert.match(page.url(), /q=dupont/);
    await page.locator('input[name="q"]').fill('');
    await waitForTotal(page, '30 customers');

    await choose(page, page.getByTestId('filter-type'), null, 'Business');
    await waitForTotal(page, '3 customers');
    assert.deepEqual(await tableNames(page), ['Atelier Dupont', 'Berliner Brot', 'Zebra Books']);

    await choose(page, page.getByTestId('filter-country'), 'Germany', 'Germany (DE)');
    await waitForTotal(page, '1 customer');
    assert.deepEqual(await tableNames(page), ['Berliner Brot']);
    await screenshot(page, 'customers-filtered');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForTotal(page, '30 customers');

    // Everyone was created today: from tomorrow on there is nobody, up to today there is everybody. Days are the
    // browser's (Paris), which are not the machine's for an hour or two around midnight UTC.
    const today = new Date();
    const tomorrow = new Date(today.getTime() + 86_400_000);
    const typed = (day: Date) => new Intl.DateTimeFormat('en-US', { timeZone: BROWSER_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(day);
    const from = page.getByTestId('filter-created-from');
    await from.fill(typed(tomorrow));
    await from.press('Escape');
    await waitForTotal(page, '0 customers');
    await page.getByText('No customer matches these filters.').waitFor();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    const to = page.getByTestId('filter-created-to');
    await to.fill(typed(today));
    await to.press('Escape');
    await waitForTotal(page, '30 customers');
  });

  test('a merchant sorts by type then by name descending with a shift-click, and the order shows on the headers', async () => {
    const { api, owner, page } = await backOffice.newStore('Sorting Shop');
    await seedCustomers(api);
    await logIn(page, owner);
    await waitForTotal(page, '30 customers');

    const header = (key: string) => page.locator(`[data-sort-key="${key}"]`);
    await header('type').click();
    await page.waitForURL(/sort=type(&|$)/);
    await header('name').click({ modifiers: ['Shift'] });
    await page.waitForURL(/sort=type%2Cname(&|$)/);
    await header('name').click({ modifiers: ['Shift'] });
    await page.waitForURL(/sort=type%2C-name(&|$)/);

    await page.locator('[data-sort-key="name"][data-sort-direction="desc"]').waitFor();
    assert.equal(await header('type').getAttribute('data-sort-direction'), 'asc');
    assert.equal(await header('name').getAttribute('data-sort-direction'), 'desc');
    assert.equal(await header('type').getByTestId('sort-order').innerText(), '1');
    assert.equal(await header('name').getByTestId('sort-order').innerText(), '2');

    const expected = await api<CustomerList>('GET', '/v1/customers?sort=type,-name&limit=25');
    await page.waitForFunction(
      (first) => document.querySelector('[data-testid="customers-table"] tbody tr[data-row-id] td p')?.textContent === first,
      expected.items[0]!.name,
    );
    assert.deepEqual(await tableNames(page), expected.items.map((customer) => customer.name));
    assert.deepEqual((await tableNames(page)).slice(0, 3), ['Zebra Books', 'Berliner Brot', 'Atelier Dupont']);
    await screenshot(page, 'customers-sorted');

    // A plain click starts over with that column alone.
    await header('code').click();
    await page.waitForURL(/sort=code(&|$)/);
    await page.locator('[data-sort-key="code"][data-sort-direction="asc"]').waitFor();
    assert.equal(await header('name').getAttribute('data-sort-direction'), null);
    assert.equal(await page.getByTestId('sort-order').count(), 0);
  });

  test('a merchant creates a business customer with a contact, an address and a custom field, then edits it', async () => {
    const { api, owner, page } = await backOffice.newStore('Creating Shop');
    await api('POST', '/v1/custom-fields', { key: 'loyalty_tier', label: 'Loyalty tier', type: 'choice', options: ['Bronze', 'Silver', 'Gold'] });
    await api('POST', '/v1/custom-fields', { key: 'first_order', label: 'First order', type: 'date' });
    await logIn(page, owner);
    await page.getByRole('link', { name: 'New customer' }).click();
    await page.waitForURL('**/customers/new');

    await page.getByTestId('customer-type').getByText('Business').click();
    await page.locator('input[name="name"]').fill('Café du Port');
    await page.locator('input[name="company_name"]').fill('Café du Port SAS');
    await page.locator('input[name="vat_number"]').fill('FR12345678901');
    await page.locator('input[name="code"]').fill('CDP-1');
    await page.getByTestId('payment-terms').click();
    await page.getByRole('option', { name: 'Net 30 days' }).click();

    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.locator('input[name="contacts.0.name"]').fill('Jeanne Leroy');
    await page.locator('input[name="contacts.0.email"]').fill('jeanne@cafeduport.example');
    await page.locator('input[name="contacts.0.phones.0"]').fill('+33 2 98 00 00 00');

    await page.getByRole('button', { name: 'Add address' }).click();
    await page.locator('input[name="addresses.0.label"]').fill('Restaurant');
    await page.locator('input[name="addresses.0.line1"]').fill('3 quai de la Douane');
    await page.locator('input[name="addresses.0.postal_code"]').fill('29200');
    await page.locator('input[name="addresses.0.city"]').fill('Brest');
    await choose(page, page.getByTestId('addresses.0.country'), 'Fran', 'France (FR)');

    await page.getByTestId('custom_fields.loyalty_tier').click();
    await page.getByRole('option', { name: 'Gold' }).click();
    await page.getByTestId('custom_fields.first_order').fill('03/14/2025');
    await page.getByTestId('custom_fields.first_order').press('Escape');
    await screenshot(page, 'customer-new');

    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Café du Port' }).waitFor();

    const created = await api<Customer>('GET', `/v1/customers/${id}`);
    assert.equal(created.type, 'business');
    assert.equal(created.company_name, 'Café du Port SAS');
    assert.equal(created.code, 'CDP-1');
    assert.equal(created.payment_terms, 'net_30');
    assert.deepEqual(created.contacts.map(({ name, email, phones }) => ({ name, email, phones })), [
      { name: 'Jeanne Leroy', email: 'jeanne@cafeduport.example', phones: ['+33 2 98 00 00 00'] },
    ]);
    assert.equal(created.addresses.length, 1);
    assert.equal(created.addresses[0]!.city, 'Brest');
    assert.equal(created.addresses[0]!.country, 'FR');
    assert.equal(created.addresses[0]!.is_default_billing, true);
    assert.equal(created.country, 'FR');
    assert.deepEqual(created.custom_fields, { loyalty_tier: 'Gold', first_order: '2025-03-14' });

    // Edit: rename, add a second phone, move to Silver.
    await page.locator('input[name="name"]').fill('Café du Port Brest');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.locator('input[name="contacts.0.phones.1"]').fill('+33 6 12 34 56 78');
    await page.getByTestId('custom_fields.loyalty_tier').click();
    await page.getByRole('option', { name: 'Silver' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved').waitFor();
    await screenshot(page, 'customer-edit');

    const edited = await api<Customer>('GET', `/v1/customers/${id}`);
    assert.equal(edited.name, 'Café du Port Brest');
    assert.equal(edited.version, created.version + 1);
    assert.deepEqual(edited.contacts[0]!.phones, ['+33 2 98 00 00 00', '+33 6 12 34 56 78']);
    assert.deepEqual(edited.custom_fields, { loyalty_tier: 'Silver', first_order: '2025-03-14' });

    // Back on the list, the row opens the customer.
    await page.getByRole('link', { name: 'All customers' }).click();
    await waitForTotal(page, '1 customer');
    await page.getByText('Café du Port Brest').click();
    await page.waitForURL(`**/customers/${id}`);
  });

  test('a merchant who reuses another customer\'s code sees the error next to the code field', async () => {
    const { api, owner, page } = await backOffice.newStore('Duplicate Shop');
    await api('POST', '/v1/customers', { type: 'consumer', name: 'First holder', code: 'LOYAL-7' });
    await logIn(page, owner);
    await page.goto('/customers/new');
    await page.locator('input[name="name"]').fill('Second holder');
    await page.locator('input[name="code"]').fill('LOYAL-7');
    await page.getByRole('button', { name: 'Create customer' }).click();

    assert.equal(await errorUnder(page, 'input[name="code"]'), 'Another customer already uses this code.');
    assert.equal(new URL(page.url()).pathname, '/customers/new');
    await screenshot(page, 'customer-code-taken');
    const list = await api<CustomerList>('GET', '/v1/customers');
    assert.equal(list.total, 1);
  });

  test('a merchant who types a bad contact email sees the error next to that contact\'s email', async () => {
    const { api, owner, page } = await backOffice.newStore('Typo Shop');
    await logIn(page, owner);
    await page.goto('/customers/new');
    await page.locator('input[name="name"]').fill('Typo customer');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.locator('input[name="contacts.0.email"]').fill('good@example.test');
    await page.locator('input[name="contacts.1.email"]').fill('not-an-email');
    await page.getByRole('button', { name: 'Create customer' }).click();

    assert.equal(await errorUnder(page, 'input[name="contacts.1.email"]'), 'Not in the expected format.');
    assert.equal(await page.locator('input[name="contacts.0.email"]').getAttribute('aria-invalid'), null);
    const list = await api<CustomerList>('GET', '/v1/customers');
    assert.equal(list.total, 0);
  });

  test('a merchant saving a customer someone else changed meanwhile is told to reload, and reloading shows the change', async () => {
    const { api, owner, page } = await backOffice.newStore('Busy Shop');
    const customer = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Paul Durand', notes: 'Likes croissants' });
    await logIn(page, owner);
    await page.goto(`/customers/${customer.id}`);
    await page.locator('input[name="name"]').waitFor();

    await api('PATCH', `/v1/customers/${customer.id}`, { notes: 'Prefers pain au chocolat' });

    await page.locator('input[name="name"]').fill('Paul Durand-Martin');
    await page.getByRole('button', { name: 'Save' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    assert.match(await conflict.innerText(), /Changed by someone else/);
    await screenshot(page, 'customer-conflict');
    assert.equal((await api<Customer>('GET', `/v1/customers/${customer.id}`)).name, 'Paul Durand');

    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await page.waitForFunction(() => (document.querySelector('textarea[name="notes"]') as HTMLTextAreaElement).value === 'Prefers pain au chocolat');
    assert.equal(await page.locator('input[name="name"]').inputValue(), 'Paul Durand');
    assert.equal(await page.getByTestId('conflict').count(), 0);
  });

  test('a merchant deletes a customer after confirming', async () => {
    const { api, owner, page } = await backOffice.newStore('Tidy Shop');
    const customer = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Gone Soon' });
    await logIn(page, owner);
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete customer' }).click();
    await page.waitForURL('**/customers');
    await waitForTotal(page, '0 customers');
    const list = await api<CustomerList>('GET', '/v1/customers');
    assert.equal(list.total, 0);
  });
});
