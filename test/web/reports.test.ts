import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { RoleList } from '../../src/modules/access/schema.ts';
import type { Customer } from '../../src/modules/customers/schema.ts';
import type { Tag, TagCategory } from '../../src/modules/tags/schema.ts';
import { logIn, screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

/** Intl separates groups and currency with (narrow) no-break spaces; compare them as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

/** A cyclist and another customer buying in December 2011, and a walk-in sale: £38.00 over 4 orders. */
async function seed(api: ApiClient): Promise<{ cycling: Tag }> {
  const interests = await api<TagCategory>('POST', '/v1/tag-categories', { name: 'Interests' });
  const cycling = await api<Tag>('POST', '/v1/tags', { category_id: interests.id, name: 'Cycling' });
  const anna = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Anna', tag_ids: [cycling.id] });
  const bob = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Bob' });
  const sale = (id: string, customer: Customer | null, day: string, amount: number, cost: number) =>
    api('POST', '/v1/sales', {
      external_id: id, customer_id: customer?.id ?? null, occurred_at: `${day}T10:00:00Z`,
      lines: [{ description: 'Goods', quantity: 1, unit_price: amount, unit_cost: cost }],
    });
  await sale('1', anna, '2011-12-02', 1000, 600);
  await sale('2', anna, '2011-12-05', 500, 300);
  await sale('3', bob, '2011-12-05', 2000, 1000);
  await sale('4', null, '2011-12-08', 300, 100);
  return { cycling };
}

async function totalOf(page: Page, figure: string): Promise<string> {
  return plain(await page.getByTestId(`total-${figure}`).innerText());
}

async function waitForTotal(page: Page, figure: string, text: string): Promise<void> {
  await page.getByTestId(`total-${figure}`).filter({ hasText: text }).waitFor();
}

describe('the date-to-date sales report in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant picks the 30 days up to the latest sale, sees the totals and the chart, narrows to cyclists and exports the series', async () => {
    const { api, page } = await backOffice.signedInStore('Report Shop');
    const { cycling } = await seed(api);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL('**/reports/date-to-date');
    await page.getByRole('tab', { name: 'Date to date' }).waitFor();
    // The last 30 days to today hold nothing; the sales stopped in 2011, so a range up to the latest sale is offered.
    await waitForTotal(page, 'orders', '0');

    await page.locator('[data-range="latest_30_days"]').click();
    await page.waitForURL(/from=2011-11-09&to=2011-12-08&interval=day/);
    await waitForTotal(page, 'net_sales', '£38.00');
    assert.equal(await totalOf(page, 'orders'), '4');
    assert.equal(await totalOf(page, 'customers'), '2');
    assert.equal(await totalOf(page, 'average_order_size'), '£9.50');
    assert.equal(await totalOf(page, 'gross_margin'), '£18.00');

    // The chart draws a bar per day with sales; the table lists every day of the range.
    await page.locator('[data-testid="sales-chart"] svg path.recharts-rectangle').first().waitFor();
    assert.ok((await page.locator('[data-testid="sales-chart"] svg path.recharts-rectangle').count()) >= 3);
    const rows = page.locator('[data-testid="report-series"] tbody tr[data-row-id]');
    assert.equal(await rows.count(), 30);
    assert.match(plain(await page.locator('[data-testid="report-series"] tr[data-row-id="2011-12-05"]').innerText()), /£25\.00 2 0 2 £12\.50 £12\.00 2$/);
    await screenshot(page, 'report-date-to-date');

    await page.getByTestId('report-interval').getByText('Week').click();
    await page.waitForURL(/interval=week/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-series"] tbody tr[data-row-id]').length === 5);
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-id'))),
      ['2011-11-07', '2011-11-14', '2011-11-21', '2011-11-28', '2011-12-05'],
    );
    assert.equal(await totalOf(page, 'net_sales'), '£38.00');

    // Only customers tagged Cycling: Anna's two sales; the walk-in sale drops out.
    const picker = page.getByTestId('tags-all');
    await picker.click();
    await picker.fill('cyc');
    await page.getByRole('option', { name: 'Cycling', exact: true }).click();
    await picker.press('Escape');
    await waitForTotal(page, 'net_sales', '£15.00');
    assert.equal(await totalOf(page, 'orders'), '2');
    assert.equal(await totalOf(page, 'customers'), '1');
    assert.equal(new URL(page.url()).searchParams.get('all'), cycling.id);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    assert.match(header!, /period_start.*net_sales/);
    assert.equal(lines.length, 5);
    assert.ok(lines.some((line) => line.startsWith('2011-12-05,5.00,1,0,1,')), csv);

    // The address keeps the whole report.
    await page.reload();
    await waitForTotal(page, 'net_sales', '£15.00');
    await page.getByTestId('tag-condition').locator('[data-tag="Cycling"]').waitFor();
  });

  test('a French merchant reads the report in French, with French dates and amounts', async () => {
    const { api, page } = await backOffice.signedInStore('Boutique Vélo', { locale: 'fr', name: 'Claire Dubois' });
    await seed(api);
    await page.goto('/reports/date-to-date?from=2011-12-01&to=2011-12-09&interval=day');
    await page.getByRole('heading', { name: 'Rapports' }).waitFor();
    await page.getByRole('tab', { name: 'D’une date à l’autre' }).waitFor();
    await waitForTotal(page, 'net_sales', '38,00');
    assert.match(await totalOf(page, 'net_sales'), /^38,00 £(GB)?$/);
    assert.equal(await page.getByTestId('report-totals').getByText('Ventes nettes', { exact: true }).count(), 1);
    assert.equal(await page.getByTestId('report-from').inputValue(), '01/12/2011');
    assert.equal(await page.getByRole('button', { name: 'Exporter en CSV' }).count(), 1);
    assert.match(plain(await page.getByTestId('report-range').innerText()), /^Du 1 déc\. 2011 au 9 déc\. 2011/);
    await page.locator('[data-testid="sales-chart"] svg path.recharts-rectangle').first().waitFor();
    await screenshot(page, 'report-date-to-date-fr');
  });

  test('a viewer reads reports without exporting them; a cashier has no reports', async () => {
    const { api, page } = await backOffice.newStore('Rights Shop');
    const roles = await api<RoleList>('GET', '/v1/roles');
    const role = (name: string) => roles.items.find((candidate) => candidate.name === name)!.id;
    const password = 'a long enough password';
    await api('POST', '/v1/users', { email: 'vic@rights.example', name: 'Vic Viewer', password, role_ids: [role('viewer')] });
    await api('POST', '/v1/users', { email: 'cam@rights.example', name: 'Cam Cashier', password, role_ids: [role('cashier')] });

    await logIn(page, { email: 'vic@rights.example', password });
    await page.getByRole('link', { name: 'Reports' }).click();
    await waitForTotal(page, 'orders', '0');
    assert.equal(await page.getByRole('button', { name: 'Export CSV' }).count(), 0);

    const cashier = await backOffice.openPage();
    await logIn(cashier.page, { email: 'cam@rights.example', password });
    assert.equal(await cashier.page.getByRole('link', { name: 'Reports' }).count(), 0);
  });
});
