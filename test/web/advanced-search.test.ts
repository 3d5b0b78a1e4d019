import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { Customer, SavedSearchList } from '../../src/modules/customers/schema.ts';
import type { Tag, TagCategory, TagList } from '../../src/modules/tags/schema.ts';
import { screenshot, setUpBackOffice, type ApiClient } from '../helpers/browser.ts';

async function waitForTotal(page: Page, text: string): Promise<void> {
  await page.getByTestId('table-total').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
}

async function tableNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="customers-table"] tbody tr[data-row-id] td:first-child p:first-child').allInnerTexts();
}

/** Types part of a tag's name into a TagPicker and picks the option. */
async function pickTag(page: Page, picker: ReturnType<Page['locator']>, typed: string, option: string): Promise<void> {
  await picker.click();
  await picker.fill(typed);
  await page.getByRole('option', { name: option, exact: true }).click();
  await picker.press('Escape');
}

interface Seeded {
  tags: Record<'cycling' | 'running' | 'books' | 'gold' | 'silver' | 'bronze', Tag>;
  customers: Record<'anna' | 'bob' | 'chloe' | 'dan' | 'eve', Customer>;
}

/** Interests (Cycling, Running, Books) and a single-choice Price level (Gold, Silver, Bronze archived), on five customers. */
async function seed(api: ApiClient): Promise<Seeded> {
  const interests = await api<TagCategory>('POST', '/v1/tag-categories', { name: 'Interests', colour: '#228be6', sort_order: 1 });
  const level = await api<TagCategory>('POST', '/v1/tag-categories', { name: 'Price level', colour: '#fab005', sort_order: 2, single_choice: true });
  const tag = (category: TagCategory, name: string) => api<Tag>('POST', '/v1/tags', { category_id: category.id, name });
  const tags = {
    cycling: await tag(interests, 'Cycling'),
    running: await tag(interests, 'Running'),
    books: await tag(interests, 'Books'),
    gold: await tag(level, 'Gold'),
    silver: await tag(level, 'Silver'),
    bronze: await tag(level, 'Bronze'),
  };
  const customer = (name: string, tagIds: string[]) => api<Customer>('POST', '/v1/customers', { type: 'consumer', name, tag_ids: tagIds });
  const customers = {
    anna: await customer('Anna', [tags.cycling.id, tags.running.id, tags.gold.id]),
    bob: await customer('Bob', [tags.cycling.id, tags.books.id]),
    chloe: await customer('Chloé', [tags.running.id]),
    dan: await customer('Dan', [tags.books.id, tags.bronze.id]),
    eve: await customer('Eve', []),
  };
  // Dan keeps Bronze after it is archived; nobody new can get it.
  await api('PATCH', `/v1/tags/${tags.bronze.id}`, { archived: true });
  return { tags, customers };
}

async function tagNamesOf(api: ApiClient, customer: { id: string }): Promise<string[]> {
  const { tag_ids } = await api<Customer>('GET', `/v1/customers/${customer.id}`);
  const tags = await api<TagList>('GET', '/v1/tags?limit=500');
  const byId = new Map(tags.items.map((tag) => [tag.id, tag.name]));
  return tag_ids.map((id) => byId.get(id) ?? id).sort();
}

describe('advanced customer search in the back office', () => {
  const backOffice = setUpBackOffice();

  test('a merchant finds cyclists who read or run but are not Gold, sees the count change as each condition is added, saves the search and runs it again', async () => {
    const { api, page } = await backOffice.signedInStore('Search Shop');
    const { tags } = await seed(api);
    await page.goto('/customers');
    await waitForTotal(page, '5 customers');

    await page.getByTestId('advanced-toggle').click();
    await pickTag(page, page.getByTestId('tags-all'), 'cycl', 'Cycling');
    await waitForTotal(page, '2 customers');
    await pickTag(page, page.getByTestId('tags-any'), 'run', 'Running');
    await pickTag(page, page.getByTestId('tags-any'), 'boo', 'Books');
    await waitForTotal(page, '2 customers');
    await pickTag(page, page.getByTestId('tags-none'), 'gol', 'Gold');
    await waitForTotal(page, '1 customer');
    assert.deepEqual(await tableNames(page), ['Bob']);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('all'), tags.cycling.id);
    assert.deepEqual(url.searchParams.get('any')?.split(',').sort(), [tags.running.id, tags.books.id].sort());
    assert.equal(url.searchParams.get('none'), tags.gold.id);
    // The results show each customer's tags as badges.
    await page.locator('[data-testid="customers-table"] tbody tr[data-row-id] [data-tag="Books"]').waitFor();
    await screenshot(page, 'advanced-search');

    await page.getByRole('button', { name: 'Save this search' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.locator('input[name="saved_search_name"]').fill('Cyclists without Gold');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = await api<SavedSearchList>('GET', '/v1/saved-searches');
    assert.equal(saved.items.length, 1);
    assert.equal(saved.items[0]!.name, 'Cyclists without Gold');
    assert.deepEqual(saved.items[0]!.search.all, [tags.cycling.id]);
    assert.deepEqual([...(saved.items[0]!.search.any ?? [])].sort(), [tags.running.id, tags.books.id].sort());
    assert.deepEqual(saved.items[0]!.search.none, [tags.gold.id]);

    // The same name again is refused next to the name.
    await page.getByRole('button', { name: 'Save this search' }).click();
    dialog = page.getByRole('dialog');
    await dialog.locator('input[name="saved_search_name"]').fill('cyclists without gold');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('A saved search already has this name.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForTotal(page, '5 customers');
    await page.getByTestId('saved-searches').click();
    await page.getByRole('button', { name: 'Cyclists without Gold', exact: true }).click();
    await waitForTotal(page, '1 customer');
    assert.deepEqual(await tableNames(page), ['Bob']);
    await page.getByTestId('tag-condition').locator('[data-tag="Gold"]').waitFor();

    // Deleting it asks first and leaves the customers alone.
    await page.getByTestId('saved-searches').click();
    await page.getByRole('button', { name: 'Delete “Cyclists without Gold”' }).click();
    await page.getByRole('dialog', { name: 'Delete this saved search?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('saved-searches').filter({ hasText: 'Saved searches (0)' }).waitFor();
    assert.equal((await api<SavedSearchList>('GET', '/v1/saved-searches')).total, 0);
  });

  test('a merchant gives every cyclist the Silver price level in bulk after confirming the count, then exports them to CSV with chosen columns', async () => {
    const { api, page } = await backOffice.signedInStore('Bulk Shop');
    const { tags, customers } = await seed(api);
    // The address alone rebuilds the search.
    await page.goto(`/customers?all=${tags.cycling.id}`);
    await waitForTotal(page, '2 customers');

    await page.getByRole('button', { name: 'Change tags' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('bulk-count').filter({ hasText: '2 customers match this search.' }).waitFor();
    await pickTag(page, dialog.getByTestId('bulk-add'), 'silv', 'Silver');
    await screenshot(page, 'advanced-search-bulk');
    await dialog.getByRole('button', { name: 'Change 2 customers' }).click();
    assert.equal(await dialog.getByTestId('bulk-result').innerText(), 'Done: the tags of 2 customers changed (2 matched).');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Silver replaces Anna's Gold: a price level is single choice.
    assert.deepEqual(await tagNamesOf(api, customers.anna), ['Cycling', 'Running', 'Silver']);
    assert.deepEqual(await tagNamesOf(api, customers.bob), ['Books', 'Cycling', 'Silver']);
    assert.deepEqual(await tagNamesOf(api, customers.chloe), ['Running']);
    await page.locator('[data-testid="customers-table"] tbody tr[data-row-id] [data-tag="Silver"]').nth(1).waitFor();

    await page.getByRole('button', { name: 'Export CSV' }).click();
    const exportDialog = page.getByRole('dialog');
    await exportDialog.getByTestId('export-count').filter({ hasText: '2 customers match this search and go in the file.' }).waitFor();
    for (const column of ['ID', 'Code', 'Type', 'Company name', 'Email', 'Phone', 'Country', 'Created']) {
      await exportDialog.getByRole('checkbox', { name: column, exact: true }).uncheck();
    }
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(csv[0], 'name,tags');
    assert.deepEqual(csv.slice(1).sort(), [
      'Anna,Interests: Cycling; Interests: Running; Price level: Silver',
      'Bob,Interests: Books; Interests: Cycling; Price level: Silver',
    ]);
  });

  test('on the customer form a merchant picks tags by category, a single-choice category keeps one, an archived tag stays but is not offered, and a new tag is made inline', async () => {
    const { api, page } = await backOffice.signedInStore('Form Shop');
    const { customers } = await seed(api);

    await page.goto(`/customers/${customers.dan.id}`);
    const tagsBox = page.getByTestId('customer-tags');
    await tagsBox.locator('[data-tag="Bronze"]').waitFor();
    const picker = page.getByTestId('customer-tag-picker');
    await picker.click();
    await picker.fill('bron');
    assert.equal(await page.getByRole('option', { name: 'Bronze', exact: true }).count(), 0);
    await picker.fill('');
    // Gold replaces the archived Bronze: one price level.
    await page.getByRole('option', { name: 'Gold', exact: true }).click();
    await picker.press('Escape');
    await tagsBox.locator('[data-tag="Bronze"]').waitFor({ state: 'detached' });

    await picker.click();
    await picker.fill('Hiking');
    await page.getByRole('option', { name: 'Create “Hiking” in Interests' }).click();
    await tagsBox.locator('[data-tag="Hiking"]').waitFor();
    await picker.press('Escape');
    await screenshot(page, 'customer-tags');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved').waitFor();
    assert.deepEqual(await tagNamesOf(api, customers.dan), ['Books', 'Gold', 'Hiking']);
    const created = (await api<TagList>('GET', '/v1/tags?q=Hiking')).items;
    assert.equal(created.length, 1);

    // Saving another change keeps an archived tag the customer already has.
    await api('PATCH', `/v1/customers/${customers.eve.id}`, { tag_ids: [] });
    await page.goto(`/customers/${customers.anna.id}`);
    await api('PATCH', `/v1/tags/${(await api<TagList>('GET', '/v1/tags?q=Running')).items[0]!.id}`, { archived: true });
    await page.reload();
    await tagsBox.locator('[data-tag="Running"]').waitFor();
    await page.locator('input[name="name"]').fill('Anna Martin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved').waitFor();
    assert.deepEqual(await tagNamesOf(api, customers.anna), ['Cycling', 'Gold', 'Running']);
  });
});
