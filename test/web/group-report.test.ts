import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

/** Intl separates groups and currency with (narrow) no-break spaces; compare them as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

/**
 * December 2011: Anna buys a lamp and two mugs, then tea (£44.00); Bob buys tea (£12.00); a walk-in buys a lamp
 * (£30.00). Anna is put in "Regulars" now, after her sales, so the group has her sales only as today's members.
 */
async function seed(api: ApiClient): Promise<{ groupId: string }> {
  for (const product of [
    { sku: 'MUG', name: 'Mug', classifications: ['kitchen', 'gifts'] },
    { sku: 'TEA', name: 'Tea', classifications: ['kitchen', 'food'] },
    { sku: 'LAMP', name: 'Lamp', classifications: ['home', 'lighting'] },
  ]) await api('POST', '/v1/products', { ...product, list_price: 100 });
  const anna = await api<{ id: string }>('POST', '/v1/customers', { type: 'consumer', name: 'Anna' });
  const bob = await api<{ id: string }>('POST', '/v1/customers', { type: 'consumer', name: 'Bob' });
  const sale = (id: string, customer: { id: string } | null, day: string, lines: object[]) =>
    api('POST', '/v1/sales', { external_id: id, customer_id: customer?.id ?? null, occurred_at: `${day}T10:00:00Z`, lines });
  await sale('1', anna, '2011-12-02', [{ sku: 'LAMP', quantity: 1, unit_price: 3000, unit_cost: 1000 }, { sku: 'MUG', quantity: 2, unit_price: 500, unit_cost: 200 }]);
  await sale('2', bob, '2011-12-05', [{ sku: 'TEA', quantity: 3, unit_price: 400, unit_cost: 100 }]);
  await sale('3', anna, '2011-12-06', [{ sku: 'TEA', quantity: 1, unit_price: 400, unit_cost: 100 }]);
  await sale('4', null, '2011-12-08', [{ sku: 'LAMP', quantity: 1, unit_price: 3000, unit_cost: 1000 }]);
  const group = await api<{ id: string }>('POST', '/v1/groups', { kind: 'static', name: 'Regulars', code: 'REG' });
  await api('POST', `/v1/groups/${group.id}/members`, { customer_ids: [anna.id] });
  return { groupId: group.id };
}

async function figure(page: Page, name: string, scope: 'group' | 'store' | 'share'): Promise<string> {
  return plain(await page.locator(`[data-testid="group-report-figures"] tr[data-figure="${name}"] td[data-scope="${scope}"]`).innerText());
}

async function waitForFigure(page: Page, name: string, scope: 'group' | 'store', text: string): Promise<void> {
  await page.locator(`[data-testid="group-report-figures"] tr[data-figure="${name}"] td[data-scope="${scope}"]`).filter({ hasText: text }).waitFor();
}

const DECEMBER = 'from=2011-12-01&to=2011-12-31';

describe('a group\'s report and word cloud in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant compares Regulars with the store at the sale and for today\'s members, reads the top products and exports the CSV', async () => {
    const { api, page } = await backOffice.signedInStore('Group Report Shop');
    const { groupId } = await seed(api);
    await page.goto(`/groups/${groupId}?tab=report&${DECEMBER}`);
    await page.getByRole('tab', { name: 'Report' }).waitFor();

    // At the sale: Anna joined after buying, so nothing is the group's; the store has all four sales.
    await waitForFigure(page, 'net_sales', 'store', '£86.00');
    assert.equal(await figure(page, 'net_sales', 'group'), '£0.00');
    assert.equal(await figure(page, 'orders', 'store'), '4');
    assert.equal(await figure(page, 'customers', 'store'), '2');
    assert.equal(plain(await page.getByTestId('top-group').innerText()).includes('No product sold in this range.'), true);

    await page.getByTestId('group-report-membership').getByText('Of today\'s members').click();
    await page.waitForURL(/membership=today/);
    await waitForFigure(page, 'net_sales', 'group', '£44.00');
    assert.equal(await figure(page, 'orders', 'group'), '2');
    assert.equal(await figure(page, 'customers', 'group'), '1');
    assert.equal(await figure(page, 'average_order_size', 'group'), '£22.00');
    assert.equal(await figure(page, 'gross_margin', 'group'), '£29.00');
    assert.equal(await figure(page, 'net_sales', 'share'), '51.2%');
    assert.equal(await figure(page, 'average_order_size', 'share'), '');

    // Top products, by net sales: the group's and the store's side by side.
    const names = (testId: string) => page.locator(`[data-testid="${testId}"] tbody tr[data-row-id]`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row-id')));
    assert.deepEqual(await names('top-group'), ['LAMP|Lamp', 'MUG|Mug', 'TEA|Tea']);
    assert.deepEqual(await names('top-store'), ['LAMP|Lamp', 'TEA|Tea', 'MUG|Mug']);
    assert.match(plain(await page.locator('[data-testid="top-store"] tr[data-row-id="LAMP|Lamp"]').innerText()), /Lamp LAMP 2 £60\.00 £40\.00$/);
    await screenshot(page, 'group-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    assert.equal(header, 'scope,figures,sku,name,net_sales,orders,returns,customers,average_order_size,gross_margin,items');
    assert.deepEqual(lines.slice(0, 3), ['group,totals,,,44.00,2,0,1,22.00,29.00,4', 'store,totals,,,86.00,4,0,2,21.50,58.00,8', 'group,product,LAMP,Lamp,30.00,,,,,20.00,1']);

    // The address keeps the report.
    await page.reload();
    await waitForFigure(page, 'net_sales', 'group', '£44.00');
  });

  test('the word cloud draws the group\'s classifications, biggest where it spends most, and says so when there is nothing', async () => {
    const { api, page } = await backOffice.signedInStore('Word Cloud Shop');
    const { groupId } = await seed(api);
    await page.goto(`/groups/${groupId}?tab=word-cloud&${DECEMBER}&membership=today`);
    await page.getByRole('tab', { name: 'Word cloud' }).waitFor();
    const words = page.locator('[data-testid="word-cloud"] svg text[data-term]');
    await words.first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="word-cloud"] svg text[data-term]').length === 5);
    const sizes = Object.fromEntries(await words.evaluateAll((texts) => texts.map((text) => [text.getAttribute('data-term'), Number(text.getAttribute('font-size'))])));
    // Anna's lamp (£30.00) is home and lighting; her mugs and tea make kitchen £14.00, gifts £10.00, food £4.00.
    assert.equal(sizes.home, sizes.lighting);
    assert.ok(sizes.home > sizes.kitchen && sizes.kitchen > sizes.gifts && sizes.gifts > sizes.food, JSON.stringify(sizes));
    assert.deepEqual(
      await page.locator('[data-testid="word-cloud-terms"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-term'))),
      ['home', 'lighting', 'kitchen', 'gifts', 'food'],
    );
    assert.match(plain(await page.locator('[data-testid="word-cloud-terms"] tr[data-term="kitchen"]').innerText()), /^kitchen £14\.00 47%$/);
    await screenshot(page, 'group-word-cloud');

    // At the sale Anna was not yet in the group: nothing to draw.
    await page.getByTestId('group-report-membership').getByText('In the group at the sale').click();
    await page.getByTestId('word-cloud-empty').waitFor();
    assert.equal(await words.count(), 0);
  });

  test('a French merchant reads the group report in French', async () => {
    const { api, page } = await backOffice.signedInStore('Boutique Groupes', { locale: 'fr', name: 'Claire Dubois' });
    const { groupId } = await seed(api);
    await page.goto(`/groups/${groupId}?tab=report&${DECEMBER}&membership=today`);
    await page.locator('[data-testid="group-report-figures"] tr[data-figure="net_sales"] td[data-scope="group"]').filter({ hasText: '44,00' }).waitFor();
    assert.equal(await page.getByTestId('group-report-figures').getByText('Ventes nettes', { exact: true }).count(), 1);
    assert.equal(await page.getByText('Membres d’aujourd’hui').count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Exporter en CSV' }).count(), 1);
    assert.equal(await page.getByTestId('group-report-from').inputValue(), '01/12/2011');
  });
});
