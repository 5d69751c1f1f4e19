/**
 * `bcship app serve` as a real process, with the sandbox playing BigCommerce: the acceptance of the app's
 * callbacks on the command an app developer runs. Install, a replayed code, missing scopes, forged and expired
 * JWTs on /load and /uninstall, a real uninstall; the process is stopped by the test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openJsonRegistry } from '../../local/platform/json-registry.ts';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';

const APP = { clientId: 'serve-client', clientSecret: 'serve-secret-SENTINEL-3a8e' };
const SCOPES = ['store_v2_information', 'store_cart', 'store_checkout', 'store_v2_products_read_only'];
let sandbox: Sandbox;
let child: ChildProcess;
let home: string;
let appUrl: string;
const output: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  home = mkdtempSync(join(tmpdir(), 'bcship-serve-'));
  writeFileSync(
    join(home, 'secrets.json'),
    JSON.stringify({ 'bcship/carriers/endicia': { account_id: 'a', pass_phrase: 'p' } }),
  );
  child = spawn(process.execPath, ['bin/bcship.ts', 'app', 'serve', '--port', '0', '--home', home], {
    env: {
      ...process.env,
      BC_CLIENT_ID: APP.clientId,
      BC_CLIENT_SECRET: APP.clientSecret,
      BC_LOGIN_URL: sandbox.url,
      BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  const lines = createInterface({ input: child.stdout! });
  appUrl = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      output.push(line);
      const url = /app callbacks at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`bcship app serve exited ${code}: ${output.join('\n')}`)));
  });
  sandbox.apps.register({ ...APP, appUrl, scopes: SCOPES });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await sandbox?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const registry = () => {
  const file = join(home, 'registry.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};
const secrets = () => readFileSync(join(home, 'secrets.json'), 'utf8');
const now = () => Math.floor(Date.now() / 1000);

test('the lifecycle through bcship app serve: refusals change nothing, the install and uninstall do', {
  timeout: 120_000,
}, async () => {
  const refused = await sandbox.apps.install('sandbox', APP.clientId, {
    scopes: ['store_v2_information_read_only'],
  });
  expect(refused.status).toBe(403);
  expect(refused.body).toContain('store_v2_information');
  expect(registry()).toBe('');

  const install = await sandbox.apps.install('sandbox', APP.clientId);
  expect(install.status).toBe(200);
  const token = (JSON.parse(secrets()) as Record<string, { accessToken?: string }>)['bcship/stores/sandbox']
    ?.accessToken;
  expect(token).toMatch(/^app-/);

  // The install's onboarding runs in the background of the server; it ends with a line of its own.
  await expect
    .poll(() => output.some((line) => /^onboarding bcship-sandbox-apply-.*: SUCCEEDED$/.test(line)), {
      timeout: 90_000,
    })
    .toBe(true);

  const replay = await sandbox.apps.replayLastInstall('sandbox', APP.clientId);
  expect(replay.status).toBe(400);

  const before = { registry: registry(), secrets: secrets() };
  for (const callback of ['load', 'uninstall']) {
    for (const jwt of [
      sandbox.apps.signedPayload('sandbox', APP.clientId, {}, 'forged-secret'),
      sandbox.apps.signedPayload('sandbox', APP.clientId, { nbf: now() - 90_000, exp: now() - 3_600 }),
    ]) {
      expect((await fetch(`${appUrl}/${callback}?signed_payload_jwt=${jwt}`)).status).toBe(401);
    }
  }
  expect({ registry: registry(), secrets: secrets() }).toEqual(before);

  const load = await sandbox.apps.load('sandbox', APP.clientId);
  expect(load.status).toBe(200);
  expect(load.body).toContain('<td>Profile</td><td>us-standard</td>');

  expect((await sandbox.apps.uninstall('sandbox', APP.clientId)).status).toBe(200);
  expect(await openJsonRegistry(join(home, 'registry.json')).stores.getStore('sandbox')).toBeUndefined();
  const everything = output.join('\n');
  expect(everything).toContain('GET /auth 200 installed');
  for (const secret of [String(token), APP.clientSecret]) expect(everything).not.toContain(secret);
});
