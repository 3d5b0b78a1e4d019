import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { RoleList } from '../../src/modules/access/schema.ts';
import type { Customer } from '../../src/modules/customers/schema.ts';
import type { Group, MemberList, MembershipHistory } from '../../src/modules/groups/schema.ts';
import { logIn, screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

/** The customers' names in the members table, top to bottom. */
async function memberNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="members-table"] tbody tr[data-row-id] a').allInnerTexts();
}

async function waitForTotal(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).getByTestId('table-total').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

/** Picks an option of a Mantine select or multi-select by typing part of its label. */
async function choose(page: Page, input: ReturnType<Page['locator']>, typed: string | null, option: string): Promise<void> {
  await input.click();
  if (typed !== null) await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

async function newCustomer(api: ApiClient, name: string, extra: Record<string, unknown> = {}): Promise<Customer> {
  return api<Customer>('POST', '/v1/customers', { type: 'consumer', name, ...extra });
}

/** A frequency group's background recompute has finished. */
async function settled(api: ApiClient, id: string): Promise<Group> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const group = await api<Group>('GET', `/v1/groups/${id}`);
    if (group.recompute?.state !== 'queued' && group.recompute?.state !== 'running') return group;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the group never finished recomputing');
}

describe('customer groups in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant creates a static group, puts one customer in from the customer form and another from the group page, sees both, then removes one', async () => {
    const { api, page } = await backOffice.signedInStore('Static Shop');
    const agnes = await newCustomer(api, 'Agnès Moreau');
    const bruno = await newCustomer(api, 'Bruno Lefèvre', { code: 'C-42' });

    await page.getByRole('link', { name: 'Groups' }).click();
    await page.waitForURL('**/groups');
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Wholesale');
    await dialog.locator('input[name="code"]').fill('WHOLESALE');
    await dialog.getByTestId('group-segment').getByText('B2B').click();
    await screenshot(page, 'group-new-static');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    const groupId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Wholesale' }).waitFor();
    const created = await api<Group>('GET', `/v1/groups/${groupId}`);
    assert.equal(created.kind, 'static');
    assert.equal(created.code, 'WHOLESALE');
    assert.equal(created.segment, 'b2b');

    // From the customer form: the Groups box, saved with the customer.
    await page.goto(`/customers/${agnes.id}`);
    await page.getByRole('heading', { name: 'Agnès Moreau' }).waitFor();
    await choose(page, page.getByTestId('customer-group-picker'), 'Whole', 'Wholesale');
    await screenshot(page, 'customer-groups-box');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved').waitFor();
    assert.deepEqual((await api<Customer>('GET', `/v1/customers/${agnes.id}`)).group_ids, [groupId]);

    // From the group page: a customer search.
    await page.goto(`/groups/${groupId}`);
    await waitForTotal(page, 'members-table', '1 customer');
    await page.getByRole('button', { name: 'Add customers' }).click();
    const picker = page.getByRole('dialog').getByTestId('add-members-picker');
    await choose(page, picker, 'Bruno', 'Bruno Lefèvre · C-42');
    // The search's other customers stay offered until the list closes.
    await page.getByRole('dialog').getByText('Add customers to “Wholesale”').click();
    await screenshot(page, 'group-add-members');
    await page.getByTestId('add-members-apply').click();
    await page.getByTestId('members-outcome').filter({ hasText: '1 customer joined the group.' }).waitFor();
    await waitForTotal(page, 'members-table', '2 customers');
    assert.deepEqual(await memberNames(page), ['Agnès Moreau', 'Bruno Lefèvre']);
    await screenshot(page, 'group-members-static');

    // The CSV holds every member; nobody was in the group at the start of 2020.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('members-csv').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    assert.match(csv, /Agnès Moreau/);
    assert.match(csv, /Bruno Lefèvre/);
    await page.getByTestId('member-as-of').fill('01/01/2020');
    await page.getByText('Who was in the group at the end of that day').click();
    await waitForTotal(page, 'members-table', '0 customers');
    await page.getByTestId('member-as-of').fill('');
    await page.getByText('Who was in the group at the end of that day').click();
    await waitForTotal(page, 'members-table', '2 customers');

    // Tick Agnès and take her out.
    await page.getByRole('checkbox', { name: 'Select Agnès Moreau' }).check();
    await page.getByRole('button', { name: 'Remove 1 selected' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove 1 customer' }).click();
    await page.getByTestId('members-outcome').filter({ hasText: '1 customer left the group.' }).waitFor();
    await waitForTotal(page, 'members-table', '1 customer');
    assert.deepEqual(await memberNames(page), ['Bruno Lefèvre']);
    const members = await api<MemberList>('GET', `/v1/groups/${groupId}/members`);
    assert.deepEqual(members.items.map((member) => member.customer_id), [bruno.id]);

    // The group's ledger: two entries and an exit, newest first, each by hand.
    await page.getByRole('tab', { name: 'History' }).click();
    await waitForTotal(page, 'group-history', '3 changes');
    const changes = await page.locator('[data-testid="group-history"] [data-testid="history-change"]').allInnerTexts();
    assert.deepEqual(changes, ['Left', 'Entered', 'Entered']);
    assert.match(await page.getByTestId('group-history').innerText(), /By hand · You/);
    await screenshot(page, 'group-history');

    // Agnès's own page shows her entry and exit.
    await page.goto(`/customers/${agnes.id}?tab=groups`);
    await waitForTotal(page, 'customer-group-history', '2 changes');
    const hers = await page.locator('[data-testid="customer-group-history"] tbody tr[data-row-id]').allInnerTexts();
    assert.match(hers[0]!, /Wholesale[\s\S]*Left/);
    assert.match(hers[1]!, /Wholesale[\s\S]*Entered/);
    await screenshot(page, 'customer-group-history');
  });

  test('a frequency group with three levels shows the overlap on the clashing rows; sales then put a customer at Gold, VIP on their page', async () => {
    const { api, page } = await backOffice.signedInStore('Frequency Shop');
    await page.goto('/groups');
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('group-kind').getByText('Frequency').click();
    await dialog.locator('input[name="name"]').fill('Loyalty');
    await dialog.locator('input[name="code"]').fill('LOYAL');
    await dialog.getByTestId('group-active-from').fill('01/01/2011');
    await dialog.getByRole('heading', { name: 'New group' }).click();
    await choose(page, dialog.getByTestId('group-window'), null, 'Since the start, never reset');
    const levels: [string, string, string][] = [['Bronze', '0', '99.99'], ['Silver', '100', '499.99'], ['Gold', '400', '']];
    for (const [index, [description, min, max]] of levels.entries()) {
      if (index > 0) await dialog.getByRole('button', { name: 'Add level' }).click();
      await dialog.locator(`input[name="levels.${index}.description"]`).fill(description);
      await dialog.locator(`input[name="levels.${index}.min"]`).fill(min);
      await dialog.locator(`input[name="levels.${index}.max"]`).fill(max);
    }
    await dialog.getByRole('checkbox', { name: 'VIP of level 3' }).check();
    await dialog.getByRole('button', { name: 'Create group' }).click();

    // Silver (row 2) and Gold (row 3) overlap from £400 to £499.99; Bronze is fine.
    await dialog.getByTestId('level-error').first().waitFor();
    const flagged = await dialog.getByTestId('level-error').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-index')));
    assert.deepEqual(flagged, ['1', '2']);
    assert.equal(await dialog.locator('[data-testid="level-row"][data-index="0"]').getAttribute('data-invalid'), null);
    assert.equal(await dialog.locator('[data-testid="level-row"][data-index="2"]').getAttribute('data-invalid'), 'true');
    assert.deepEqual(await dialog.getByTestId('level-error').allInnerTexts(), [
      'Overlaps “Gold”: a figure would fall in two levels.',
      'Overlaps “Silver”: a figure would fall in two levels.',
    ]);
    assert.equal((await api<{ total: number }>('GET', '/v1/groups')).total, 0);
    await screenshot(page, 'group-levels-overlap');

    await dialog.locator('input[name="levels.2.min"]').fill('500');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    const groupId = new URL(page.url()).pathname.split('/').pop()!;
    const group = await settled(api, groupId);
    assert.equal(group.metric, 'sales');
    assert.equal(group.window, 'never_reset');
    assert.equal(group.active_from, '2011-01-01');
    assert.deepEqual(group.levels.map(({ description, min, max, vip }) => ({ description, min, max, vip })), [
      { description: 'Bronze', min: 0, max: 9999, vip: false },
      { description: 'Silver', min: 10000, max: 49999, vip: false },
      { description: 'Gold', min: 50000, max: null, vip: true },
    ]);
    await page.getByTestId('levels-summary').getByText('£500.00 or more').waitFor();

    // Sales of £620 net put Claire at Gold; £150 put Denis at Silver.
    await api('POST', '/v1/products', { sku: 'LAMP-1', name: 'Brass lamp', list_price: 15500, unit_cost: 9000 });
    const claire = await newCustomer(api, 'Claire Dubois');
    const denis = await newCustomer(api, 'Denis Martin');
    for (const [index, [customer, quantity]] of ([[claire, 4], [denis, 1]] as const).entries()) {
      await api('POST', '/v1/sales', {
        external_id: `S-${index + 1}`, customer_id: customer.id, occurred_at: '2011-06-01T10:00:00Z',
        lines: [{ sku: 'LAMP-1', description: 'Brass lamp', quantity, unit_price: 15500 }],
      });
    }
    await page.reload();
    await waitForTotal(page, 'members-table', '2 customers');
    const row = page.locator(`[data-testid="members-table"] tr[data-row-id="${claire.id}"]`);
    assert.equal(await row.getByTestId('member-level').innerText(), '3. Gold');
    assert.equal(await row.getByTestId('member-figure').innerText(), '£620.00');
    assert.equal(await page.locator(`[data-testid="members-table"] tr[data-row-id="${denis.id}"]`).getByTestId('member-level').innerText(), '2. Silver');
    await screenshot(page, 'group-members-frequency');

    // Only Gold members at level 3.
    await choose(page, page.getByTestId('member-level-filter'), null, '3. Gold');
    await waitForTotal(page, 'members-table', '1 customer');
    assert.deepEqual(await memberNames(page), ['Claire Dubois']);

    // Claire is VIP through Gold; her page says so and shows the level.
    await page.goto(`/customers/${claire.id}`);
    await page.getByRole('heading', { name: 'Claire Dubois' }).waitFor();
    await page.getByTestId('customer-vip').waitFor();
    assert.equal(await page.getByTestId('customer-group-level').innerText(), 'Gold');
    await screenshot(page, 'customer-vip');
    await page.goto(`/customers/${denis.id}`);
    await page.getByRole('heading', { name: 'Denis Martin' }).waitFor();
    await page.getByTestId('customer-group-level').waitFor();
    assert.equal(await page.getByTestId('customer-vip').count(), 0);

    // The customer list narrows to VIP customers.
    await page.goto('/customers?vip=true');
    await page.getByTestId('table-total').filter({ hasText: /^1 customer$/ }).waitFor();
    assert.deepEqual(await page.locator('[data-testid="customers-table"] tbody tr[data-row-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id'))), [claire.id]);

    // Raising Gold to £700 recomputes the group: Claire drops to Silver and is no longer VIP.
    await page.goto(`/groups/${groupId}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').locator('input[name="levels.2.min"]').fill('700');
    await page.getByRole('dialog').locator('input[name="levels.1.max"]').fill('699.99');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('levels-summary').getByText('£700.00 or more').waitFor();
    await page.locator(`[data-testid="members-table"] tr[data-row-id="${claire.id}"] [data-testid="member-level"]`).filter({ hasText: '2. Silver' }).waitFor();
    assert.equal((await api<Customer>('GET', `/v1/customers/${claire.id}`)).vip, false);
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('group-history').getByText('The group’s rule changed').first().waitFor();
    await screenshot(page, 'group-history-frequency');

    // Claire's ledger says she entered by the rule.
    const ledger = await api<MembershipHistory>('GET', `/v1/customers/${claire.id}/group-history`);
    assert.equal(ledger.items.at(-1)?.reason, 'rule');
    await page.goto(`/customers/${claire.id}?tab=groups`);
    await waitForTotal(page, 'customer-group-history', `${ledger.total} change${ledger.total === 1 ? '' : 's'}`);
    assert.match(await page.getByTestId('customer-group-history').innerText(), /Qualified by the rule/);
  });

  test('deleting a group asks first, saying how many customers it holds, then says how many left it', async () => {
    const { api, page } = await backOffice.signedInStore('Deleting Shop');
    const group = await api<Group>('POST', '/v1/groups', { kind: 'static', name: 'Trade fair 2025' });
    const customers = [await newCustomer(api, 'Eva Roux'), await newCustomer(api, 'Félix Blanc')];
    await api('POST', `/v1/groups/${group.id}/members`, { customer_ids: customers.map((customer) => customer.id) });

    await page.goto(`/groups/${group.id}`);
    await page.getByRole('heading', { name: 'Trade fair 2025' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const message = page.getByTestId('delete-group-message');
    assert.equal(
      await message.innerText(),
      '“Trade fair 2025” holds 2 customers, who will leave it. The group and its history will be deleted. This cannot be undone.',
    );
    await screenshot(page, 'group-delete-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
    await page.waitForURL((url) => url.pathname === '/groups');
    assert.equal(await page.getByTestId('groups-outcome').innerText(), '“Trade fair 2025” was deleted: 2 customers left it.');
    await page.getByTestId('groups-table').getByTestId('table-total').filter({ hasText: /^0 groups$/ }).waitFor();
    assert.deepEqual((await api<Customer>('GET', `/v1/customers/${customers[0]!.id}`)).group_ids, []);
  });

  test('a merchant searches, filters and sorts the groups on several columns at once', async () => {
    const { api, page } = await backOffice.signedInStore('Listing Shop');
    await api('POST', '/v1/groups', { kind: 'static', name: 'Retail', code: 'RET', segment: 'b2c' });
    await api('POST', '/v1/groups', { kind: 'static', name: 'Wholesale', code: 'WHO', segment: 'b2b', vip: true });
    await api('POST', '/v1/groups', { kind: 'static', name: 'Distributors', code: 'DIS', segment: 'b2b' });
    await api('POST', '/v1/groups', {
      kind: 'frequency', name: 'Loyalty', segment: 'b2c', metric: 'transactions', active_from: '2020-01-01', window: 'rolling_12_months',
      levels: [{ description: 'Regular', min: 1, max: 9 }, { description: 'Frequent', min: 10, vip: true }],
    });
    await page.goto('/groups');
    const table = page.getByTestId('groups-table');
    const names = () => table.locator('tbody tr[data-row-id] td:nth-child(2) p:first-child').allInnerTexts();
    await table.getByTestId('table-total').filter({ hasText: /^4 groups$/ }).waitFor();
    assert.deepEqual(await names(), ['Distributors', 'Loyalty', 'Retail', 'Wholesale']);
    assert.match(await table.innerText(), /Transactions · Regular · Frequent \(VIP\)/);

    // Segment, then segment descending then name descending with a shift-click.
    const header = (key: string) => table.locator(`[data-sort-key="${key}"]`);
    await header('segment').click();
    await page.waitForURL(/sort=segment(&|$)/);
    await header('name').click({ modifiers: ['Shift'] });
    await header('name').click({ modifiers: ['Shift'] });
    await page.waitForURL(/sort=segment%2C-name(&|$)/);
    await page.waitForFunction(() => document.querySelector('[data-testid="groups-table"] tbody tr[data-row-id] td:nth-child(2) p')?.textContent === 'Wholesale');
    assert.deepEqual(await names(), ['Wholesale', 'Distributors', 'Retail', 'Loyalty']);
    assert.equal(await header('segment').getByTestId('sort-order').innerText(), '1');
    assert.equal(await header('name').getByTestId('sort-order').innerText(), '2');
    await screenshot(page, 'groups-sorted');

    await choose(page, page.getByTestId('filter-segment'), null, 'B2B');
    await table.getByTestId('table-total').filter({ hasText: /^2 groups$/ }).waitFor();
    await choose(page, page.getByTestId('filter-vip'), null, 'VIP groups');
    await table.getByTestId('table-total').filter({ hasText: /^1 group$/ }).waitFor();
    assert.deepEqual(await names(), ['Wholesale']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await table.getByTestId('table-total').filter({ hasText: /^4 groups$/ }).waitFor();
    await choose(page, page.getByTestId('filter-kind'), null, 'Frequency');
    await table.getByTestId('table-total').filter({ hasText: /^1 group$/ }).waitFor();
    assert.deepEqual(await names(), ['Loyalty']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await table.getByTestId('table-total').filter({ hasText: /^4 groups$/ }).waitFor();
    await page.locator('input[name="q"]').fill('dis');
    await table.getByTestId('table-total').filter({ hasText: /^1 group$/ }).waitFor();
    assert.deepEqual(await names(), ['Distributors']);
    assert.match(page.url(), /q=dis/);
  });

  test('a merchant puts every customer a search finds in a group at once, then filters the list on that group', async () => {
    const { api, page } = await backOffice.signedInStore('Bulk Shop');
    const group = await api<Group>('POST', '/v1/groups', { kind: 'static', name: 'Newsletter' });
    await api('POST', '/v1/groups', {
      kind: 'frequency', name: 'Big spenders', metric: 'sales', active_from: '2020-01-01', window: 'never_reset', levels: [{ description: 'Any', min: 1 }],
    });
    for (const name of ['Walk-in 01', 'Walk-in 02', 'Walk-in 03', 'Gérard Petit']) await newCustomer(api, name);
    await page.goto('/customers?q=walk');
    await page.getByTestId('table-total').filter({ hasText: /^3 customers$/ }).waitFor();
    await page.getByRole('button', { name: 'Change groups' }).click();
    const dialog = page.getByRole('dialog');
    assert.match(await dialog.getByTestId('bulk-groups-count').innerText(), /^3 customers match this search/);
    await choose(page, dialog.getByTestId('bulk-groups-add'), 'News', 'Newsletter');
    // A frequency group is not offered: its members qualify by what they buy.
    await dialog.getByTestId('bulk-groups-add').fill('Big');
    await dialog.getByTestId('bulk-groups-add').click();
    assert.equal(await page.getByRole('option', { name: 'Big spenders' }).count(), 0);
    await dialog.getByText('Put them in these groups').click();
    await screenshot(page, 'customers-bulk-groups');
    await dialog.getByTestId('bulk-groups-apply').click();
    assert.equal(await dialog.getByTestId('bulk-groups-result').innerText(), 'Done: the groups of 3 customers changed (3 matched).');
    await dialog.getByRole('button', { name: 'Close' }).click();
    assert.equal((await api<MemberList>('GET', `/v1/groups/${group.id}/members`)).total, 3);

    await page.goto('/customers');
    await page.getByTestId('table-total').filter({ hasText: /^4 customers$/ }).waitFor();
    await choose(page, page.getByTestId('filter-group'), 'News', 'Newsletter');
    await page.getByTestId('table-total').filter({ hasText: /^3 customers$/ }).waitFor();
    assert.match(page.url(), new RegExp(`group_id=${group.id}`));
  });

  test('the store refuses "one group per customer" while a customer is in two static groups, and names them', async () => {
    const { api, page } = await backOffice.signedInStore('Rule Shop');
    const retail = await api<Group>('POST', '/v1/groups', { kind: 'static', name: 'Retail' });
    const trade = await api<Group>('POST', '/v1/groups', { kind: 'static', name: 'Trade' });
    const henri = await newCustomer(api, 'Henri Lambert');
    for (const group of [retail, trade]) await api('POST', `/v1/groups/${group.id}/members`, { customer_ids: [henri.id] });

    await page.goto('/settings/store');
    const setting = page.getByTestId('one-group-setting');
    await setting.getByRole('switch', { name: 'A customer belongs to one group only' }).click();
    const conflict = page.getByTestId('one-group-conflict');
    await conflict.waitFor();
    assert.equal(await conflict.getByTestId('one-group-conflict-customer').innerText(), 'Henri Lambert: in 2 static groups');
    assert.equal(await setting.locator('input[name="one_group_per_customer"]').isChecked(), false);
    await screenshot(page, 'settings-one-group-conflict');

    await api('DELETE', `/v1/groups/${trade.id}/members`, { customer_ids: [henri.id] });
    await setting.getByRole('switch', { name: 'A customer belongs to one group only' }).click();
    await conflict.waitFor({ state: 'detached' });
    // The switch shows the new value while the change is on its way, disabled; enabled again, the store holds it.
    await page.waitForFunction(() => {
      const input = document.querySelector('input[name="one_group_per_customer"]') as HTMLInputElement | null;
      return input?.checked === true && !input.disabled;
    });
    assert.equal((await api<{ one_group_per_customer: boolean }>('GET', '/v1/store')).one_group_per_customer, true);
  });

  test('the groups list speaks French', async () => {
    const { api, page, owner } = await backOffice.newStore('Boutique', { locale: 'fr' });
    await api('POST', '/v1/groups', { kind: 'static', name: 'Revendeurs', segment: 'b2b' });
    await api('POST', '/v1/groups', {
      kind: 'frequency', name: 'Fidélité', metric: 'sales', active_from: '2020-01-01', window: 'rolling_12_months',
      levels: [{ description: 'Argent', min: 0, max: 49999 }, { description: 'Or', min: 50000, vip: true }],
    });
    await logIn(page, owner);
    await page.getByRole('link', { name: 'Groupes' }).click();
    await page.getByRole('heading', { name: 'Groupes de clients' }).waitFor();
    const table = page.getByTestId('groups-table');
    await table.getByTestId('table-total').filter({ hasText: /^2 groupes$/ }).waitFor();
    const headers = await table.locator('thead th').allInnerTexts();
    assert.deepEqual(headers.map((text) => text.trim()), ['N°', 'Nom', 'Code', 'Type', 'Segment', 'VIP', 'ID ERP', 'Étiquettes', 'Clients', 'Créé', 'Modifié']);
    assert.deepEqual(await table.getByTestId('group-kind-badge').allInnerTexts(), ['FRÉQUENCE', 'STATIQUE']);
    assert.match(await table.innerText(), /Chiffre d’affaires · Argent · Or \(VIP\)/);
    await page.getByRole('button', { name: 'Nouveau groupe' }).waitFor();
    await screenshot(page, 'groups-fr');
  });

  test('a viewer sees the groups and their members but no button to change them', async () => {
    const { api, page } = await backOffice.newStore('Viewing Shop');
    const roles = await api<RoleList>('GET', '/v1/roles');
    const viewer = roles.items.find((role) => role.name === 'viewer')!;
    await api('POST', '/v1/users', { email: 'vic@groups.example', name: 'Vic Viewer', password: 'a long enough password', role_ids: [viewer.id] });
    const group = await api<Group>('POST', '/v1/groups', { kind: 'static', name: 'Press' });
    const ines = await newCustomer(api, 'Inès Garnier');
    await api('POST', `/v1/groups/${group.id}/members`, { customer_ids: [ines.id] });

    await logIn(page, { email: 'vic@groups.example', password: 'a long enough password' });
    await page.goto('/groups');
    await page.getByTestId('groups-table').getByTestId('table-total').filter({ hasText: /^1 group$/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New group' }).count(), 0);
    await page.getByText('Press').click();
    await waitForTotal(page, 'members-table', '1 customer');
    for (const name of ['Edit', 'Delete', 'Add customers', 'Export CSV']) assert.equal(await page.getByRole('button', { name }).count(), 0, name);
    assert.equal(await page.getByTestId('member-select').count(), 0);
    await page.goto(`/customers/${ines.id}`);
    await page.getByTestId('customer-groups').getByText('Press').waitFor();
    assert.equal(await page.getByTestId('customer-group-picker').count(), 0);
  });
});
