import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RoleList } from '../../src/modules/access/schema.ts';
import type { Product, ProductList } from '../../src/modules/products/schema.ts';
import { logIn, screenshot, setUpBackOffice } from '../helpers/browser.ts';

async function waitForTotal(page: Page, text: string): Promise<void> {
  await page.getByTestId('table-total').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

/** The SKUs in the products table, top to bottom. */
async function tableSkus(page: Page): Promise<string[]> {
  return page.locator('[data-testid="products-table"] tbody tr[data-row-id] td:first-child').allInnerTexts();
}

describe('products in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant adds a product with prices in pounds and pence, and the store keeps them exactly in pence', async () => {
    const { api, page } = await backOffice.signedInStore('Candle Shop');
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await waitForTotal(page, '0 products');

    await page.getByRole('button', { name: 'New product' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="sku"]').fill('85123A');
    await dialog.locator('input[name="name"]').fill('White hanging heart T-light holder');
    // Three decimals are refused before anything is sent.
    await dialog.locator('input[name="list_price"]').fill('2.555');
    await dialog.locator('input[name="unit_cost"]').fill('1.2');
    const classifications = dialog.getByTestId('product-classifications');
    for (const word of ['Candle', 'home']) {
      await classifications.fill(word);
      await classifications.press('Enter');
    }
    await dialog.getByRole('button', { name: 'Create product' }).click();
    await dialog.getByText('At most 2 decimals.').waitFor();
    assert.equal((await api<ProductList>('GET', '/v1/products')).total, 0);

    // 2.55 is 254.99999999999997 pence in floating point: the form reads the digits instead.
    await dialog.locator('input[name="list_price"]').fill('2.55');
    await screenshot(page, 'product-new');
    await dialog.getByRole('button', { name: 'Create product' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForTotal(page, '1 product');

    let [product] = (await api<ProductList>('GET', '/v1/products')).items;
    assert.ok(product);
    assert.deepEqual(
      { sku: product.sku, list_price: product.list_price, unit_cost: product.unit_cost, classifications: product.classifications, active: product.active },
      { sku: '85123A', list_price: 255, unit_cost: 120, classifications: ['candle', 'home'], active: true },
    );
    const row = page.locator(`[data-testid="products-table"] tr[data-row-id="${product.id}"]`);
    assert.match(await row.innerText(), /£2\.55[\s\S]*£1\.20/);

    // Editing: a new price, and the cost cleared because it is no longer known.
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit product' });
    assert.equal(await edit.locator('input[name="list_price"]').inputValue(), '2.55');
    await edit.locator('input[name="list_price"]').fill('19.99');
    await edit.locator('input[name="unit_cost"]').fill('');
    await edit.getByLabel('Active').uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await row.getByText('Inactive').waitFor();
    product = await api<Product>('GET', `/v1/products/${product.id}`);
    assert.deepEqual({ list_price: product.list_price, unit_cost: product.unit_cost, active: product.active }, { list_price: 1999, unit_cost: null, active: false });

    // A second product with the same SKU is refused next to the SKU.
    await page.getByRole('button', { name: 'New product' }).click();
    const duplicate = page.getByRole('dialog');
    await duplicate.locator('input[name="sku"]').fill('85123A');
    await duplicate.locator('input[name="name"]').fill('Another heart');
    await duplicate.locator('input[name="list_price"]').fill('1');
    await duplicate.getByRole('button', { name: 'Create product' }).click();
    await duplicate.locator('input[name="sku"][aria-invalid="true"]').waitFor();
    assert.equal(await duplicate.getByText('Another product already has this SKU.').count(), 2);
  });

  test('a merchant searches, filters and sorts the products, and the address keeps the choice', async () => {
    const { api, page } = await backOffice.signedInStore('Gift Shop');
    const products = [
      { sku: '85123A', name: 'White hanging heart T-light holder', list_price: 255, classifications: ['candle', 'home'] },
      { sku: '21730', name: 'Glass star frosted T-light holder', list_price: 425, classifications: ['candle', 'christmas'] },
      { sku: '22752', name: 'Set 7 babushka nesting boxes', list_price: 765, classifications: ['toy'] },
      { sku: '71053', name: 'White metal lantern', list_price: 339, classifications: ['lantern'], active: false },
    ];
    for (const product of products) await api('POST', '/v1/products', product);
    await page.goto('/products');
    await waitForTotal(page, '4 products');
    // By name unless told otherwise.
    assert.deepEqual(await tableSkus(page), ['21730', '22752', '85123A', '71053']);

    await page.locator('[data-sort-key="list_price"]').click();
    await page.waitForURL(/sort=list_price/);
    await page.waitForFunction(() => document.querySelector('[data-testid="products-table"] tbody tr[data-row-id] td')?.textContent === '85123A');
    assert.deepEqual(await tableSkus(page), ['85123A', '71053', '21730', '22752']);
    await page.locator('[data-sort-key="list_price"]').click();
    await page.waitForURL(/sort=-list_price/);
    await page.waitForFunction(() => document.querySelector('[data-testid="products-table"] tbody tr[data-row-id] td')?.textContent === '22752');

    await page.locator('input[name="q"]').fill('t-light');
    await waitForTotal(page, '2 products');
    await page.getByTestId('filter-classification').fill('christmas');
    await waitForTotal(page, '1 product');
    assert.deepEqual(await tableSkus(page), ['21730']);
    const url = new URL(page.url());
    assert.deepEqual([url.searchParams.get('q'), url.searchParams.get('classification')], ['t-light', 'christmas']);

    await page.reload();
    await waitForTotal(page, '1 product');
    assert.equal(await page.locator('input[name="q"]').inputValue(), 't-light');

    await page.goto('/products?active=false');
    await waitForTotal(page, '1 product');
    assert.deepEqual(await tableSkus(page), ['71053']);
    await screenshot(page, 'products-list');
  });

  test('a product that was sold cannot be deleted, so the page offers to deactivate it; an unsold one is deleted', async () => {
    const { api, page } = await backOffice.signedInStore('Lantern Shop');
    const sold = await api<Product>('POST', '/v1/products', { sku: 'LANT-1', name: 'White metal lantern', list_price: 339 });
    const unsold = await api<Product>('POST', '/v1/products', { sku: 'LANT-2', name: 'Black metal lantern', list_price: 349 });
    await api('POST', '/v1/sales', {
      external_id: 'R-1', occurred_at: '2011-12-01T10:00:00Z', lines: [{ sku: 'LANT-1', quantity: 1, unit_price: 339 }],
    });
    await page.goto('/products');
    await waitForTotal(page, '2 products');

    const soldRow = page.locator(`[data-testid="products-table"] tr[data-row-id="${sold.id}"]`);
    await soldRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this product?' }).getByRole('button', { name: 'Delete' }).click();
    const explanation = page.getByTestId('product-sold');
    await explanation.getByText('White metal lantern appears on recorded sales, so it cannot be deleted.', { exact: false }).waitFor();
    await screenshot(page, 'product-sold');
    await explanation.getByRole('button', { name: 'Deactivate' }).click();
    await explanation.waitFor({ state: 'detached' });
    await soldRow.getByText('Inactive').waitFor();
    assert.equal((await api<Product>('GET', `/v1/products/${sold.id}`)).active, false);

    const unsoldRow = page.locator(`[data-testid="products-table"] tr[data-row-id="${unsold.id}"]`);
    await unsoldRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this product?' }).getByRole('button', { name: 'Delete' }).click();
    await waitForTotal(page, '1 product');
    assert.deepEqual((await api<ProductList>('GET', '/v1/products')).items.map((product) => product.sku), ['LANT-1']);
  });

  test('a merchant sets the margin assumed for products without a cost as a percentage, and the store keeps basis points', async () => {
    const { api, page } = await backOffice.signedInStore('Margin Shop');
    await page.goto('/settings/store');
    const margin = page.locator('input[name="default_margin"]');
    await margin.fill('101');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Between 0 and 100%.').waitFor();

    await margin.fill('35.5');
    await page.locator('input[name="loyalty_points_per_unit"]').fill('2');
    const zone = page.getByTestId('store-time-zone');
    await zone.click();
    await zone.fill('Europe/Par');
    await page.getByRole('option', { name: /^Europe\/Paris \(GMT\+\d\)$/ }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').waitFor();
    const store = await api<{ default_margin_bp: number; loyalty_points_per_unit: number; time_zone: string }>('GET', '/v1/store');
    assert.deepEqual(
      { default_margin_bp: store.default_margin_bp, loyalty_points_per_unit: store.loyalty_points_per_unit, time_zone: store.time_zone },
      { default_margin_bp: 3550, loyalty_points_per_unit: 2, time_zone: 'Europe/Paris' },
    );
    await page.reload();
    assert.equal(await margin.inputValue(), '35.5');
  });

  test('a viewer sees the products but cannot add, change or delete them', async () => {
    const { api, page } = await backOffice.newStore('Viewing Shop');
    await api('POST', '/v1/products', { sku: 'V-1', name: 'Viewed candle', list_price: 500, unit_cost: 200 });
    const roles = await api<RoleList>('GET', '/v1/roles');
    const viewer = roles.items.find((role) => role.name === 'viewer')!;
    await api('POST', '/v1/users', { email: 'vic@viewing.example', name: 'Vic Viewer', password: 'a long enough password', role_ids: [viewer.id] });
    await logIn(page, { email: 'vic@viewing.example', password: 'a long enough password' });
    await page.getByRole('link', { name: 'Products' }).click();
    await waitForTotal(page, '1 product');
    assert.equal(await page.getByRole('button', { name: 'New product' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);

    // A click shows the product, with nothing to save.
    await page.getByText('Viewed candle').click();
    const dialog = page.getByRole('dialog', { name: 'Viewed candle' });
    assert.equal(await dialog.locator('input[name="list_price"]').inputValue(), '5.00');
    assert.equal(await dialog.locator('input[name="list_price"]').isDisabled(), true);
    assert.equal(await dialog.getByRole('button', { name: 'Save' }).count(), 0);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
