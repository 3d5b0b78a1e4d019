// Real Chromium driven by playwright-core, for the back office tests in test/web/.
import { mkdir } from 'node:fs/promises';
import { after, afterEach, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RoleList } from '../../src/modules/access/schema.ts';
import { startServer } from './server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface PageOptions {
  /** The browser's language, which the login page starts in. */
  locale?: string;
}

/** A fresh browser profile (no cookies, no saved language) on the server. */
async function openPage(browser: Browser, baseUrl: string, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: options.locale ?? 'en-US',
    timezoneId: BROWSER_TIME_ZONE,
    viewport: { width: 1360, height: 900 },
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

/** Calls the API as the store's owner key, the way an integration would. */
/** The browser's time zone: not the machine's (UTC), so the pages' calendar days are tested apart from the server's. */
export const BROWSER_TIME_ZONE = 'Europe/Paris';

export function apiClient(baseUrl: string, apiKey: string) {
  return async function request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

export interface Owner {
  email: string;
  password: string;
  name: string;
  id: string;
}

export interface OwnerOptions {
  name?: string;
  email?: string;
  locale?: 'en' | 'fr' | null;
}

let ownerCount = 0;

/** A user with the store's owner role, made with the store's API key. */
export async function createOwner(api: ApiClient, options: OwnerOptions = {}): Promise<Owner> {
  const roles = await api<RoleList>('GET', '/v1/roles');
  const owner = roles.items.find((role) => role.name.toLowerCase() === 'owner');
  if (!owner) throw new Error('the store has no owner role');
  ownerCount += 1;
  const email = options.email ?? `owner-${process.pid}-${ownerCount}-${Date.now()}@example.test`;
  const password = 'correct horse battery staple';
  const name = options.name ?? 'Olivia Owner';
  const user = await api<{ id: string }>('POST', '/v1/users', {
    email,
    name,
    password,
    role_ids: [owner.id],
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
  });
  return { email, password, name, id: user.id };
}

/** Signs in through the login page and waits for the back office to open. */
export async function logIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="email"]').fill(credentials.email);
  await page.locator('input[name="password"]').fill(credentials.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('user-menu').waitFor();
}

/**
 * The real server and one Chromium for the tests of a describe block: call it in the block, and it starts
 * them before the tests and stops them after. Every browser profile it opens is closed when its test ends.
 */
export function setUpBackOffice() {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const running = () => {
    if (!server || !browser) throw new Error('the back office starts in before(): use it inside a test');
    return { server, browser };
  };

  /** A fresh browser profile (no cookies, no saved language) on the server. */
  async function openBackOffice(options: PageOptions = {}) {
    const { server, browser } = running();
    const opened = await openPage(browser, server.baseUrl, options);
    contexts.push(opened.context);
    return opened;
  }

  /** A new store, its owner, and a fresh browser profile, not signed in yet. */
  async function newStore(name: string, owner: OwnerOptions = {}) {
    const { server } = running();
    const store = await server.createStore({ name });
    const api = apiClient(server.baseUrl, store.api_key);
    const created = await createOwner(api, owner);
    const { page } = await openBackOffice();
    return { store, api, owner: created, page };
  }

  return {
    get server() {
      return running().server;
    },
    openPage: openBackOffice,
    newStore,
    /** A new store, its owner, and a browser profile signed in as that owner. */
    async signedInStore(name: string, owner: OwnerOptions = {}) {
      const opened = await newStore(name, owner);
      await logIn(opened.page, opened.owner);
      return opened;
    },
  };
}

/** Saves a screenshot when CLIENTELE_SCREENSHOTS names a folder, for looking at the screens by eye. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.CLIENTELE_SCREENSHOTS;
  if (!folder) return;
  await mkdir(folder, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}
