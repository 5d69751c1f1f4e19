/**
 * The sandbox's side of an app (REFERENCE.md §4): the OAuth token endpoint's checks, the tokens it issues, and
 * the merchant's install, load and uninstall, in process and over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';

const APP = { clientId: 'client-1', clientSecret: 'secret-1' };
let sandbox: Sandbox;
let appServer: Server;
let appUrl: string;
/** What the app received at /auth, and what it answers next. */
const received: URL[] = [];

beforeAll(async () => {
  appServer = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    received.push(url);
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`app saw ${url.pathname}`);
  });
  await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
  sandbox = await startSandbox({
    apps: [{ ...APP, appUrl, scopes: ['store_v2_information', 'store_cart'] }],
  });
});

afterAll(async () => {
  await sandbox.close();
  appServer.closeAllConnections();
  await new Promise((resolve) => appServer.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

/** Installs, then returns the auth callback's query: what the app exchanges. */
async function installQuery() {
  await sandbox.apps.install('sandbox', APP.clientId);
  const auth = received.find((url) => url.pathname === '/auth')!;
  return Object.fromEntries(auth.searchParams) as Record<string, string>;
}

const exchange = (body: Record<string, unknown>, contentType = 'application/json') =>
  fetch(`${sandbox.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body:
      contentType === 'application/json'
        ? JSON.stringify(body)
        : new URLSearchParams(body as Record<string, string>),
  });

const tokenRequest = (query: Record<string, string>) => ({
  client_id: APP.clientId,
  client_secret: APP.clientSecret,
  code: query.code,
  scope: query.scope,
  context: query.context,
  grant_type: 'authorization_code',
  redirect_uri: `${appUrl}/auth`,
});

describe('POST /oauth2/token', () => {
  test('exchanges a fresh code for a token the store’s API then accepts, once', async () => {
    const query = await installQuery();
    expect(query).toMatchObject({ scope: 'store_v2_information store_cart', context: 'stores/sandbox' });

    const first = await exchange(tokenRequest(query));
    const body = (await first.json()) as { access_token: string; context: string };
    const again = await exchange(tokenRequest(query));

    expect(first.status).toBe(200);
    expect(body).toMatchObject({ context: 'stores/sandbox', scope: 'store_v2_information store_cart' });
    expect(
      (await fetch(`${sandbox.baseUrl('sandbox')}/store`, { headers: { 'x-auth-token': body.access_token } }))
        .status,
    ).toBe(200);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'The code was already used' });
  });

  test('accepts the form encoding older examples use', async () => {
    expect(
      (await exchange(tokenRequest(await installQuery()), 'application/x-www-form-urlencoded')).status,
    ).toBe(200);
  });

  test.each([
    ['a wrong client secret', { client_secret: 'nope' }, 401],
    ['another client id', { client_id: 'client-2' }, 401],
    ['another redirect URI', { redirect_uri: 'https://evil.example/auth' }, 400],
    ['another store’s context', { context: 'stores/other' }, 400],
    ['other scopes', { scope: 'store_v2_information' }, 400],
    ['another grant type', { grant_type: 'refresh_token' }, 400],
    ['an unknown code', { code: 'made-up' }, 400],
  ])('refuses %s', async (_, change, status) => {
    const response = await exchange({ ...tokenRequest(await installQuery()), ...change });
    expect(response.status).toBe(status);
  });

  test('an uninstall revokes the app’s token', async () => {
    const body = (await (await exchange(tokenRequest(await installQuery()))).json()) as {
      access_token: string;
    };
    await sandbox.apps.uninstall('sandbox', APP.clientId);
    const response = await fetch(`${sandbox.baseUrl('sandbox')}/store`, {
      headers: { 'x-auth-token': body.access_token },
    });
    expect(response.status).toBe(401);
  });
});

describe('the merchant over HTTP', () => {
  test('POST /_merchant/load calls the app’s load callback with a signed payload and answers what the app did', async () => {
    const response = await fetch(`${sandbox.url}/_merchant/load?store=sandbox&client_id=${APP.clientId}`, {
      method: 'POST',
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 200, body: 'app saw /load' });
    const [jwt] = received.map((url) => url.searchParams.get('signed_payload_jwt'));
    const payload = JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ aud: APP.clientId, iss: 'bc', sub: 'stores/sandbox' });
    expect(payload.exp - payload.nbf).toBeGreaterThan(86_000);
  });

  test('an unknown app or action is refused', async () => {
    expect(
      (await fetch(`${sandbox.url}/_merchant/install?store=sandbox&client_id=nobody`, { method: 'POST' }))
        .status,
    ).toBe(404);
    expect(
      (
        await fetch(`${sandbox.url}/_merchant/delete?store=sandbox&client_id=${APP.clientId}`, {
          method: 'POST',
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(`${sandbox.url}/_merchant/install?client_id=${APP.clientId}`, { method: 'POST' })).status,
    ).toBe(400);
  });
});
