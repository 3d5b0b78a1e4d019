import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseKinds } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

for (const kind of databaseKinds()) {
  describe(`service documents on ${kind}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(kind)));
    after(() => t.close());

    test('health answers without credentials and names the database', async () => {
      const response = await t.anonymous.get('/health');
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { status: 'ok', database: kind });
    });

    test('the OpenAPI 3.1 document describes every /v1 route with its problem responses', async () => {
      const response = await t.anonymous.get('/openapi.json');
      assert.equal(response.status, 200);
      const document = response.body;
      assert.equal(document.openapi, '3.1.0');
      for (const path of ['/v1/customers', '/v1/customers/{id}', '/v1/custom-fields', '/v1/users', '/v1/api-keys', '/v1/roles', '/v1/session']) {
        assert.ok(document.paths[path], `${path} is documented`);
      }
      assert.ok(document.components.schemas.Problem, 'the problem schema is shared');
      const get = document.paths['/v1/customers'].get;
      assert.ok(get.responses['401'] && get.responses['403'], 'errors are documented');
      assert.ok(get.parameters.some((p: { name: string }) => p.name === 'q'));
      assert.ok(document.components.securitySchemes.apiKey);
    });

    test('the browsable API reference is served', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/docs/' });
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /swagger/i);
    });

    test('an unknown API route is a problem+json 404 (401 before signing in)', async () => {
      assert.equal((await t.anonymous.get('/v1/nothing-here')).status, 401);
      const store = await t.createStore();
      const response = await store.api.get('/v1/nothing-here');
      assert.equal(response.status, 404);
      assert.equal(response.body.code, 'route.not_found');
    });
  });
}
