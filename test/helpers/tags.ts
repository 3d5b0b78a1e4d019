import assert from 'node:assert/strict';
import type { Client } from './app.ts';

/** A tag named `name` in the category named `category`, making the category when the store lacks it. */
export async function makeTag(api: Client, category: string, name: string, options: { single_choice?: boolean } = {}) {
  const categories = (await api.get('/v1/tag-categories')).body.items as { id: string; name: string }[];
  let found = categories.find((c) => c.name === category);
  if (!found) {
    const response = await api.post('/v1/tag-categories', { name: category, single_choice: options.single_choice ?? false });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    found = response.body as { id: string; name: string };
  }
  const response = await api.post('/v1/tags', { category_id: found.id, name });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as { id: string; category_id: string; name: string };
}
