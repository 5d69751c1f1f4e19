/**
 * The app's load page in a real browser: headless Chromium (Debian's `chromium`, which .ci/run installs when it
 * is missing) driven by playwright-core. The store's profile names a zone and a method `<script>…`: the page
 * must show them as text and run nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openLocalApp } from '../../cli/app.ts';
import { type AppServer, startAppServer } from '../../local/app-server.ts';
import { AppMarketplace } from '../../sandbox/apps.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const STORE = 'abc123';
const HOSTILE_METHOD = '<script>window.__ran = "method"</script>Flat <b>bold</b>';
const HOSTILE_ZONE = '<img src=x onerror="window.__ran = \'zone\'">Zone';
const credentials = { clientId: 'browser-client', clientSecret: 'browser-secret-6b1f' };

let home: string;
let server: AppServer;
let browser: Browser;
const marketplace = new AppMarketplace(Date.now);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium; .ci/run does)`,
    );
  }
  home = mkdtempSync(join(tmpdir(), 'bcship-browser-'));
  const profilesDir = join(home, 'profiles');
  mkdirSync(profilesDir);
  writeFileSync(
    join(profilesDir, 'hostile.json'),
    JSON.stringify({
      name: 'hostile',
      units: { currency: 'USD' },
      zones: [
        {
          match: { name: HOSTILE_ZONE },
          methods: [{ name: HOSTILE_METHOD, type: 'perorder', settings: { rate: 5 } }],
        },
      ],
    }),
  );
  const app = openLocalApp({
    home,
    secretsFile: join(home, 'secrets.json'),
    apiUrl: 'http://127.0.0.1:9/stores/{storeHash}/v2',
    loginUrl: 'http://127.0.0.1:9',
    credentials,
    profilesDir,
  });
  await app.deps.stores.registerStore(STORE, 'hostile');
  server = await startAppServer({ deps: app.deps });
  marketplace.register({ ...credentials, appUrl: server.url, scopes: [] });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

test('the status table is visible, and names holding markup show as text and run nothing', async () => {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const jwt = marketplace.signedPayload(STORE, credentials.clientId);

  const response = await page.goto(`${server.url}/load?signed_payload_jwt=${jwt}`);

  expect(response?.status()).toBe(200);
  await expect.poll(() => page.locator('#status').isVisible()).toBe(true);
  expect(await page.locator('#status').textContent()).toContain('hostile');
  const [zone, method] = await page.locator('#methods tbody tr').first().locator('td').allInnerTexts();
  expect(method).toBe(HOSTILE_METHOD);
  expect(zone).toBe(`{ name: ${HOSTILE_ZONE} }`);
  expect(await page.locator('script, img, b').count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { __ran?: string }).__ran)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('a forged payload gets the 401 page, without the status table', async () => {
  const page = await browser.newPage();
  const jwt = marketplace.signedPayload(STORE, credentials.clientId, {}, 'forged');

  const response = await page.goto(`${server.url}/load?signed_payload_jwt=${jwt}`);

  expect(response?.status()).toBe(401);
  expect(await page.locator('#status').count()).toBe(0);
  expect(await page.locator('h1').textContent()).toBe('Not authorized');
});
