/**
 * The app's callbacks as `bcship app serve` runs them (the app-callbacks operation behind a local HTTP server,
 * local registry, secrets file and state machine), with the sandbox playing BigCommerce: its OAuth token
 * endpoint and the merchant who installs, loads and uninstalls the app.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type LocalApp, openLocalApp } from '../../cli/app.ts';
import { DEMO_CARRIER_SECRETS } from '../../cli/demo.ts';
import { type AppServer, startAppServer } from '../../local/app-server.ts';
import { readSecretsFile } from '../../local/platform/file-secrets.ts';
import { defaultStoreHash as STORE } from '../../sandbox/index.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';

const fixture = useSandbox();
const ALL_SCOPES = ['store_v2_information', 'store_cart', 'store_checkout', 'store_v2_products_read_only'];
const TOKEN_SECRET = `bcship/stores/${STORE}`;

interface Running {
  app: LocalApp;
  server: AppServer;
  home: string;
  secretsFile: string;
  clientId: string;
  clientSecret: string;
  requestLines: string[];
}

const opened: Running[] = [];
afterEach(async () => {
  for (const running of opened.splice(0)) {
    await running.app.executions.settled();
    await running.server.close();
    rmSync(running.home, { recursive: true, force: true });
  }
});

let apps = 0;
async function serve(scopes = ALL_SCOPES): Promise<Running> {
  const sandbox = fixture.sandbox();
  const home = mkdtempSync(join(tmpdir(), 'bcship-app-'));
  const secretsFile = join(home, 'secrets.json');
  writeFileSync(secretsFile, JSON.stringify(DEMO_CARRIER_SECRETS));
  apps += 1;
  const clientId = `client-${apps}`;
  const clientSecret = `client-secret-SENTINEL-${apps}-9c4e`;
  const app = openLocalApp({
    home,
    secretsFile,
    apiUrl: `${sandbox.url}/stores/{storeHash}/v2`,
    loginUrl: sandbox.url,
    credentials: { clientId, clientSecret },
  });
  const requestLines: string[] = [];
  const server = await startAppServer({
    deps: app.deps,
    onRequest: (entry) => requestLines.push(JSON.stringify(entry)),
  });
  sandbox.apps.register({ clientId, clientSecret, appUrl: server.url, scopes });
  const running = { app, server, home, secretsFile, clientId, clientSecret, requestLines };
  opened.push(running);
  return running;
}

const storedToken = (running: Running): unknown =>
  (readSecretsFile(running.secretsFile)[TOKEN_SECRET] as { accessToken?: unknown } | undefined)?.accessToken;

/** What the registry, the secrets file, the events and the executions hold, to compare before and after. */
const snapshot = (running: Running) => ({
  registry: readFileOr(join(running.home, 'registry.json')),
  secrets: readFileOr(running.secretsFile),
  events: structuredClone(running.app.events.published),
  executions: running.app.executions.started.length,
});
const readFileOr = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(none)';
  }
};

async function installed(running: Running) {
  const response = await fixture.sandbox().apps.install(STORE, running.clientId);
  expect(response.status).toBe(200);
  await running.app.executions.settled();
  return response;
}

describe('GET /auth (install)', () => {
  test('stores the token, registers the store with its assigned profile and starts one onboarding', async () => {
    const running = await serve();

    const response = await installed(running);

    expect(typeof storedToken(running)).toBe('string');
    expect((await running.app.deps.stores.getStore(STORE))?.profileName).toBe('us-standard');
    expect(running.app.executions.started).toHaveLength(1);
    const [started] = running.app.executions.started;
    expect(started?.input).toMatchObject({
      storeHash: STORE,
      profile: 'us-standard',
      mode: 'apply',
      trigger: { kind: 'install' },
    });
    expect(started?.name).toMatch(/^bcship-sandbox-apply-[0-9a-f]{12}-install-[0-9a-f]{16}$/);
    expect(response.body).toContain('bcship is installed');
    const [execution] = await running.app.executions.settled();
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { outcome: 'succeeded' } });
  });

  test('the store’s API accepts the token the install stored', async () => {
    const running = await serve();
    await installed(running);

    const response = await fetch(`${fixture.sandbox().url}/stores/${STORE}/v2/store`, {
      headers: { 'x-auth-token': String(storedToken(running)), accept: 'application/json' },
    });

    expect(response.status).toBe(200);
  });

  test('a replayed code fails cleanly: a 400 page, and nothing written or started', async () => {
    const running = await serve();
    await installed(running);
    const before = snapshot(running);

    const replay = await fixture.sandbox().apps.replayLastInstall(STORE, running.clientId);

    expect(replay.status).toBe(400);
    expect(replay.body).toContain('already used');
    expect(replay.body).toContain('install the app again');
    expect(snapshot(running)).toEqual(before);
  });

  test('a re-install replaces the token and onboards the store again', async () => {
    const running = await serve();
    await installed(running);
    const firstToken = storedToken(running);

    await installed(running);

    expect(storedToken(running)).not.toBe(firstToken);
    expect(running.app.executions.started).toHaveLength(2);
    const [first, second] = running.app.executions.started;
    expect(first?.name).not.toBe(second?.name);
  });

  test('scopes without store_v2_information are refused with a page naming it, before the code is used', async () => {
    const running = await serve(['store_v2_information_read_only', 'store_cart']);
    fixture.sandbox().clearLog();

    const response = await fixture.sandbox().apps.install(STORE, running.clientId);

    expect(response.status).toBe(403);
    expect(response.body).toContain('a scope is missing');
    expect(response.body).toMatch(/<td>store_v2_information<\/td>/);
    expect(fixture.sandbox().requests.map((request) => request.path)).not.toContain('/oauth2/token');
    expect(snapshot(running)).toMatchObject({
      registry: '(none)',
      secrets: JSON.stringify(DEMO_CARRIER_SECRETS),
      executions: 0,
    });
  });

  test('a profile with checkout expectations also needs the probe’s scopes', async () => {
    const running = await serve(['store_v2_information']);
    // us-checked has checkout expectations; make it the profile the sandbox store is assigned.
    const rules = running.app.deps.assignments;
    running.app.deps.assignments = () => ({ ...rules(), default: 'us-checked' });

    const response = await fixture.sandbox().apps.install(STORE, running.clientId);

    expect(response.status).toBe(403);
    expect(response.body).toContain('store_cart');
    expect(response.body).toContain('store_checkout');
    expect(snapshot(running)).toMatchObject({
      registry: '(none)',
      secrets: JSON.stringify(DEMO_CARRIER_SECRETS),
      executions: 0,
    });
  });

  test('an install without code or context is a 400 that writes nothing', async () => {
    const running = await serve();

    const response = await fetch(`${running.server.url}/auth?scope=store_v2_information`);

    expect(response.status).toBe(400);
    expect(snapshot(running)).toMatchObject({
      registry: '(none)',
      secrets: JSON.stringify(DEMO_CARRIER_SECRETS),
      executions: 0,
    });
  });
});

describe('GET /load and /uninstall: signed JWTs', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const refusals: [string, (running: Running) => string][] = [
    ['forged', (r) => fixture.sandbox().apps.signedPayload(STORE, r.clientId, {}, 'not-the-client-secret')],
    [
      'expired',
      (r) =>
        fixture.sandbox().apps.signedPayload(STORE, r.clientId, { nbf: now() - 90_000, exp: now() - 3_600 }),
    ],
    [
      'for another app',
      (r) => fixture.sandbox().apps.signedPayload(STORE, r.clientId, { aud: 'another-app' }),
    ],
  ];

  for (const callback of ['load', 'uninstall'] as const) {
    test.each(refusals)(`/${callback} answers a %s JWT with 401 and changes nothing`, async (_, jwt) => {
      const running = await serve();
      await installed(running);
      const before = snapshot(running);

      const response = await fetch(`${running.server.url}/${callback}?signed_payload_jwt=${jwt(running)}`);

      expect(response.status).toBe(401);
      expect(snapshot(running)).toEqual(before);
      expect((await running.app.deps.stores.getStore(STORE))?.profileName).toBe('us-standard');
    });

    test(`/${callback} without a JWT is 401`, async () => {
      const running = await serve();
      expect((await fetch(`${running.server.url}/${callback}`)).status).toBe(401);
    });
  }

  test('/load shows the store’s profile, last run, drift and the methods bcship manages', async () => {
    const running = await serve();
    await installed(running);

    const response = await fixture.sandbox().apps.load(STORE, running.clientId);

    expect(response.status).toBe(200);
    expect(response.body).toContain('<td>Profile</td><td>us-standard</td>');
    expect(response.body).toContain('<td>Outcome</td><td>succeeded</td>');
    expect(response.body).toContain('<td>Drift</td><td>none: the store matched its profile</td>');
    expect(response.body).toContain('<td>USPS</td><td>endicia</td>');
  });

  test('/uninstall deregisters the store, disables its token and publishes one event, once', async () => {
    const running = await serve();
    await installed(running);

    const first = await fixture.sandbox().apps.uninstall(STORE, running.clientId);
    const again = await fixture.sandbox().apps.uninstall(STORE, running.clientId);

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await running.app.deps.stores.getStore(STORE)).toBeUndefined();
    expect(storedToken(running)).toBeUndefined();
    expect(readSecretsFile(running.secretsFile)[TOKEN_SECRET]).toMatchObject({
      disabled: expect.any(String),
    });
    const uninstalled = running.app.events.published.filter(
      (event) => event.detailType === 'bcship.store.uninstalled',
    );
    expect(uninstalled).toEqual([
      {
        detailType: 'bcship.store.uninstalled',
        detail: { storeHash: STORE, profileName: 'us-standard', via: 'app-uninstall-callback' },
      },
    ]);
  });
});

test('no token, client secret or code appears in a page, a log line, an event or an execution input', async () => {
  const running = await serve();
  const sandbox = fixture.sandbox();
  const pages: string[] = [];
  pages.push((await sandbox.apps.install(STORE, running.clientId)).body);
  await running.app.executions.settled();
  const token = String(storedToken(running));
  pages.push((await sandbox.apps.replayLastInstall(STORE, running.clientId)).body);
  pages.push((await sandbox.apps.load(STORE, running.clientId)).body);
  pages.push((await sandbox.apps.uninstall(STORE, running.clientId)).body);

  const everything = JSON.stringify({
    pages,
    logs: running.requestLines,
    events: running.app.events.published,
    inputs: running.app.executions.started,
    registry: readFileOr(join(running.home, 'registry.json')),
  });
  expect(token).toMatch(/^app-/);
  for (const secret of [token, running.clientSecret]) expect(everything).not.toContain(secret);
  expect(everything).not.toContain('signed_payload_jwt');
  expect(everything).not.toMatch(/code=/);
});
