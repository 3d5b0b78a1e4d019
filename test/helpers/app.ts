import { randomUUID } from 'node:crypto';
import { buildApp, type App } from '../../src/app.ts';
import type { DatabaseKind } from '../../src/db/connect.ts';
import { createStore } from '../../src/modules/access/stores.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';

export interface Response {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestStore {
  id: string;
  /** The owner key: every right. */
  key: string;
  ownerRoleId: string;
  /** Requests as this store's owner key. */
  api: Client;
}

/** A test's view of the API: requests through the built app (inject), as one caller. */
export class Client {
  constructor(private readonly app: App, private readonly headers: Record<string, string> = {}) {}

  with(headers: Record<string, string>): Client {
    return new Client(this.app, { ...this.headers, ...headers });
  }

  get = (url: string, headers?: Record<string, string>) => this.send('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.send('POST', url, body, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) => this.send('PATCH', url, body, headers);
  delete = (url: string, headers?: Record<string, string>) => this.send('DELETE', url, undefined, headers);

  async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.app.inject({ method, url, payload: body as object | undefined, headers: { ...this.headers, ...headers } });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      body: type.includes('json') && response.body ? JSON.parse(response.body) : response.body,
      headers: response.headers,
    };
  }
}

export interface TestApp {
  kind: DatabaseKind;
  app: App;
  database: TestDatabase;
  /** No credentials. */
  anonymous: Client;
  /** A new store (a fresh tenant), so each test stands alone. */
  createStore(options?: { name?: string; locale?: 'en' | 'fr' }): Promise<TestStore>;
  /** A key of `store` with exactly these rights. */
  keyWith(store: TestStore, rights: string[]): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestApp(kind: DatabaseKind, options: { rateLimitPerMinute?: number } = {}): Promise<TestApp> {
  const database = await openTestDatabase(kind);
  const app = await buildApp({ connection: database.connection, rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000 });
  await app.ready();
  const anonymous = new Client(app);
  return {
    kind, app, database, anonymous,
    async createStore({ name = `Store ${randomUUID().slice(0, 8)}`, locale = 'en' } = {}) {
      const created = await createStore(database.connection.db, { name, currency: 'GBP', locale });
      return {
        id: created.store.id, key: created.api_key, ownerRoleId: created.owner_role_id,
        api: anonymous.with({ authorization: `Bearer ${created.api_key}` }),
      };
    },
    async keyWith(store, rights) {
      const response = await store.api.post('/v1/api-keys', { name: `rights ${rights.join(' ')}`, rights });
      if (response.status !== 201) throw new Error(`could not create a key: ${JSON.stringify(response.body)}`);
      return anonymous.with({ authorization: `Bearer ${response.body.secret}` });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Signs a user in and returns a client that carries the session cookie and CSRF header. */
export async function signIn(anonymous: Client, email: string, password: string, storeId?: string) {
  const response = await anonymous.post('/v1/session', { email, password, ...(storeId && { store_id: storeId }) });
  if (response.status !== 200) return { response, client: undefined };
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return { response, client: anonymous.with({ cookie, 'x-csrf-token': response.body.csrf_token }), cookie };
}
