import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RoleList } from '../../src/modules/access/schema.ts';
import type { Customer } from '../../src/modules/customers/schema.ts';
import type { Tag, TagCategory, TagCategoryList, TagList } from '../../src/modules/tags/schema.ts';
import { apiClient, logIn, screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

function categoryCard(page: Page, name: string) {
  return page.locator(`[data-testid="tag-category"][data-category="${name}"]`);
}

function tagRow(page: Page, category: string, tag: string) {
  return categoryCard(page, category).locator('tbody tr[data-row-id]', { has: page.locator(`[data-tag="${tag}"]`) });
}

async function tagsByName(api: ApiClient): Promise<Map<string, Tag>> {
  const tags = await api<TagList>('GET', '/v1/tags?limit=500');
  return new Map(tags.items.map((tag) => [tag.name, tag]));
}

async function tagNamesOf(api: ApiClient, customer: { id: string }): Promise<string[]> {
  const { tag_ids } = await api<Customer>('GET', `/v1/customers/${customer.id}`);
  const byId = new Map([...(await tagsByName(api)).values()].map((tag) => [tag.id, tag.name]));
  return tag_ids.map((id) => byId.get(id) ?? id).sort();
}

async function addTagInDialog(page: Page, category: string, name: string): Promise<void> {
  await categoryCard(page, category).getByRole('button', { name: 'Add tag' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[name="name"]').fill(name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await tagRow(page, category, name).waitFor();
}

describe('customer tags in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant makes an "Interests" category with its tags, renames one, merges two and deletes the category, told each time how many customers it touches', async () => {
    const { api, page } = await backOffice.signedInStore('Tag Shop');
    await page.getByRole('link', { name: 'Tags' }).click();
    await page.waitForURL('**/customers/tags');
    await page.getByText('No tag category yet.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'New category' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Interests');
    await dialog.locator('textarea[name="description"]').fill('What they come to the shop for');
    await dialog.locator('input[name="colour"]').fill('#228be6');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await categoryCard(page, 'Interests').waitFor();

    for (const name of ['Cycling', 'Cyclism', 'Running']) await addTagInDialog(page, 'Interests', name);
    const categories = await api<TagCategoryList>('GET', '/v1/tag-categories');
    assert.deepEqual(categories.items.map(({ name, colour, tag_count }) => ({ name, colour, tag_count })), [
      { name: 'Interests', colour: '#228be6', tag_count: 3 },
    ]);

    // A name the category already has is refused next to the name.
    await categoryCard(page, 'Interests').getByRole('button', { name: 'Add tag' }).click();
    dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('cycling');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('This category already has a tag with this name.').first().waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const tags = await tagsByName(api);
    const cycling = tags.get('Cycling')!;
    const cyclism = tags.get('Cyclism')!;
    const running = tags.get('Running')!;
    const anna = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Anna', tag_ids: [cycling.id, running.id] });
    const bob = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Bob', tag_ids: [cyclism.id] });
    const chloe = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Chloé', tag_ids: [cycling.id, cyclism.id] });

    await page.reload();
    await tagRow(page, 'Interests', 'Cyclism').getByTestId('tag-customers').filter({ hasText: '2 customers' }).waitFor();
    await tagRow(page, 'Interests', 'Cycling').getByTestId('tag-customers').filter({ hasText: '2 customers' }).waitFor();
    await screenshot(page, 'tags-list');

    // Rename Running to Jogging: its customer keeps it.
    await tagRow(page, 'Interests', 'Running').getByRole('button', { name: 'Edit' }).click();
    dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('Jogging');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tagRow(page, 'Interests', 'Jogging').waitFor();
    assert.equal((await api<Tag>('GET', `/v1/tags/${running.id}`)).name, 'Jogging');
    assert.deepEqual(await tagNamesOf(api, anna), ['Cycling', 'Jogging']);

    // Merge Cyclism into Cycling: Bob gets Cycling, Chloé keeps one Cycling.
    await tagRow(page, 'Interests', 'Cyclism').getByRole('button', { name: 'Merge' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByTestId('merge-into').click();
    await page.getByRole('option', { name: 'Cycling', exact: true }).click();
    assert.equal(
      await dialog.getByTestId('merge-message').innerText(),
      '2 customers carrying “Cyclism” will carry “Cycling” instead, and “Cyclism” will be deleted.',
    );
    await screenshot(page, 'tags-merge');
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(
      await page.getByTestId('tags-outcome').innerText(),
      '“Cyclism” merged into “Cycling”: 2 customers touched, 1 given “Cycling”.',
    );
    await tagRow(page, 'Interests', 'Cyclism').waitFor({ state: 'detached' });
    await tagRow(page, 'Interests', 'Cycling').getByTestId('tag-customers').filter({ hasText: '3 customers' }).waitFor();
    assert.deepEqual(await tagNamesOf(api, bob), ['Cycling']);
    assert.deepEqual(await tagNamesOf(api, chloe), ['Cycling']);

    // Deleting Jogging says who loses it.
    await tagRow(page, 'Interests', 'Jogging').getByRole('button', { name: 'Delete' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByText('The tag “Jogging” will be deleted. 1 customer carries it and will lose it.').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('tags-outcome').filter({ hasText: '“Jogging” deleted: 1 customer lost it.' }).waitFor();
    assert.deepEqual(await tagNamesOf(api, anna), ['Cycling']);

    // Deleting the category counts the customers who carry any of its tags.
    await categoryCard(page, 'Interests').getByRole('button', { name: 'Delete' }).first().click();
    dialog = page.getByRole('dialog');
    await dialog
      .getByTestId('delete-category-message')
      .filter({ hasText: 'The category “Interests” and its 1 tag will be deleted. 3 customers carry one of them and will lose it.' })
      .waitFor();
    await screenshot(page, 'tags-delete-category');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('tags-outcome').filter({ hasText: '“Interests” deleted with 1 tags: 3 customers lost a tag.' }).waitFor();
    await categoryCard(page, 'Interests').waitFor({ state: 'detached' });
    assert.equal((await api<TagCategoryList>('GET', '/v1/tag-categories')).total, 0);
    for (const customer of [anna, bob, chloe]) assert.deepEqual(await tagNamesOf(api, customer), []);
  });

  test('a merchant moves a tag to another category, archives it, and cannot make a category single choice while a customer carries two of its tags', async () => {
    const { api, page } = await backOffice.signedInStore('Move Shop');
    const level = await api<TagCategory>('POST', '/v1/tag-categories', { name: 'Price level', sort_order: 1 });
    const misc = await api<TagCategory>('POST', '/v1/tag-categories', { name: 'Misc', sort_order: 2 });
    const gold = await api<Tag>('POST', '/v1/tags', { category_id: misc.id, name: 'Gold' });
    const silver = await api<Tag>('POST', '/v1/tags', { category_id: level.id, name: 'Silver' });
    const dana = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Dana', tag_ids: [gold.id, silver.id] });
    await page.goto('/customers/tags');

    await tagRow(page, 'Misc', 'Gold').getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('tag-category-select').click();
    await page.getByRole('option', { name: 'Price level' }).click();
    await dialog.getByRole('switch', { name: 'Archived' }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tagRow(page, 'Price level', 'Gold').getByText('Archived', { exact: true }).waitFor();
    const moved = await api<Tag>('GET', `/v1/tags/${gold.id}`);
    assert.equal(moved.category_id, level.id);
    assert.equal(moved.archived, true);
    assert.deepEqual((await api<Customer>('GET', `/v1/customers/${dana.id}`)).tag_ids.sort(), [gold.id, silver.id].sort());

    await categoryCard(page, 'Price level').getByRole('button', { name: 'Edit' }).first().click();
    const edit = page.getByRole('dialog');
    await edit.getByRole('switch', { name: 'Single choice' }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('Some customers carry two tags of this category.', { exact: false }).first().waitFor();
    assert.equal((await api<TagCategory>('GET', `/v1/tag-categories/${level.id}`)).single_choice, false);
  });

  test('a merchant imports tags from a CSV: the dry run lists the bad row, then the good rows are imported and the customer carries the tags', async () => {
    const { api, page } = await backOffice.signedInStore('Import Shop');
    const customer = await api<Customer>('POST', '/v1/customers', { type: 'consumer', name: 'Imogen', code: 'C-1' });
    await page.goto('/customers/tags');
    await page.getByRole('button', { name: 'Import tags' }).click();
    const dialog = page.getByRole('dialog');
    const csv = 'category,tag,customer_code\nInterests,Cycling,C-1\nInterests,Cycling,C-404\nLoyalty,Gold,C-1\n';
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'tags.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Check the file' }).click();
    const report = dialog.getByTestId('tag-import-report');
    await report.waitFor();
    assert.equal(await report.locator('[data-fact="rows"]').innerText(), '3');
    assert.equal(await report.locator('[data-fact="rows_invalid"]').innerText(), '1');
    assert.equal(await report.locator('[data-fact="tags_created"]').innerText(), '2');
    const errorRow = dialog.getByTestId('tag-import-errors').locator('tbody tr');
    assert.deepEqual(await errorRow.locator('td').allInnerTexts(), ['3', 'customer_code', 'No customer matches this value.']);
    assert.equal(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled(), true);
    // The dry run wrote nothing.
    assert.equal((await api<TagCategoryList>('GET', '/v1/tag-categories')).total, 0);
    await screenshot(page, 'tags-import-dry-run');

    await dialog.getByRole('checkbox', { name: 'Import the good rows and skip the bad ones' }).check();
    await dialog.getByRole('button', { name: 'Check the file' }).click();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('Imported.').waitFor();
    assert.equal(await report.locator('[data-fact="assignments_added"]').innerText(), '2');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await tagRow(page, 'Interests', 'Cycling').getByTestId('tag-customers').filter({ hasText: '1 customer' }).waitFor();
    await tagRow(page, 'Loyalty', 'Gold').waitFor();
    assert.deepEqual(await tagNamesOf(api, customer), ['Cycling', 'Gold']);
  });

  test('a viewer sees the tags and their counts but no button that changes them; a French merchant reads the screen in French', async () => {
    const store = await backOffice.server.createStore({ name: 'Viewer Tags' });
    const api = apiClient(backOffice.server.baseUrl, store.api_key);
    const interests = await api<TagCategory>('POST', '/v1/tag-categories', { name: 'Interests', colour: '#12b886' });
    await api('POST', '/v1/tags', { category_id: interests.id, name: 'Books' });
    const roles = await api<RoleList>('GET', '/v1/roles');
    const viewer = roles.items.find((role) => role.name === 'viewer')!;
    await api('POST', '/v1/users', { email: 'vic@tags.example', name: 'Vic', password: 'a long enough password', role_ids: [viewer.id] });
    const { page } = await backOffice.openPage();
    await logIn(page, { email: 'vic@tags.example', password: 'a long enough password' });
    await page.getByRole('link', { name: 'Tags' }).click();
    await tagRow(page, 'Interests', 'Books').waitFor();
    assert.equal(await page.getByRole('button', { name: 'New category' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Add tag' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Merge' }).count(), 0);

    const owner = await backOffice.signedInStore('Boutique', { locale: 'fr' });
    const category = await owner.api<TagCategory>('POST', '/v1/tag-categories', { name: 'Niveau de prix', single_choice: true, colour: '#7950f2' });
    await owner.api('POST', '/v1/tags', { category_id: category.id, name: 'Or' });
    await owner.api('POST', '/v1/tags', { category_id: category.id, name: 'Argent', archived: true });
    await owner.page.getByRole('link', { name: 'Étiquettes' }).click();
    await owner.page.getByRole('heading', { name: 'Étiquettes clients' }).waitFor();
    await categoryCard(owner.page, 'Niveau de prix').getByText('Choix unique').waitFor();
    await tagRow(owner.page, 'Niveau de prix', 'Argent').getByText('Archivée', { exact: true }).waitFor();
    await screenshot(owner.page, 'tags-list-fr');
  });
});
