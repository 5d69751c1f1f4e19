/**
 * `bcship demo --install`: a new store's whole life with the app, on the bundled sandbox. The sandbox plays
 * BigCommerce and the merchant; the app's callbacks run locally as `bcship app serve` runs them:
 *
 *   install (the merchant's browser calls /auth with a fresh code) → the code is exchanged and the token stored
 *   → the assignment rules pick a profile → the store is onboarded (the local state machine) and verified
 *   → the merchant opens the app (/load, a signed JWT) → uninstall (/uninstall): the store is deregistered.
 *
 * Each step is checked, not only printed: the demo exits 1 when one does not hold. It starts from nothing every
 * time (a fresh sandbox store, registry and secrets file under `<home>`), with a client id and secret made up
 * for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_SCOPES } from '../lambdas/app/scopes.ts';
import { STORE_UNINSTALLED_EVENT } from '../lambdas/platform/store-events.ts';
import { startAppServer } from '../local/app-server.ts';
import { readSecretsFile } from '../local/platform/file-secrets.ts';
import { defaultStoreHash, type Sandbox, startSandbox } from '../sandbox/index.ts';
import { type LocalApp, openLocalApp } from './app.ts';
import { DEMO_CARRIER_SECRETS } from './demo.ts';
import type { CliIO } from './report.ts';
import { EXIT } from './run.ts';

/** What a demo install grants: bcship's scopes and the checkout probe's. */
const DEMO_SCOPES = [
  ...REQUIRED_SCOPES.map((need) => need.scope),
  'store_cart',
  'store_checkout',
  'store_v2_products_read_only',
];

export async function runInstallDemo(home: string, io: CliIO, json = false): Promise<number> {
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const secretsFile = join(home, 'secrets.json');
  writeFileSync(secretsFile, `${JSON.stringify(DEMO_CARRIER_SECRETS, null, 2)}\n`, { mode: 0o600 });
  const credentials = {
    clientId: `demo-${randomBytes(6).toString('hex')}`,
    clientSecret: randomBytes(24).toString('hex'),
  };

  const sandbox = await startSandbox();
  const app = openLocalApp({
    home,
    secretsFile,
    apiUrl: `${sandbox.url}/stores/{storeHash}/v2`,
    loginUrl: sandbox.url,
    credentials,
  });
  const server = await startAppServer({ deps: app.deps });
  try {
    sandbox.apps.register({ ...credentials, appUrl: server.url, scopes: DEMO_SCOPES });
    if (!json) io.out(`BigCommerce sandbox at ${sandbox.url}, app callbacks at ${server.url}\n`);
    const results = await runSteps(
      lifecycle({ sandbox, app, secretsFile, clientId: credentials.clientId }),
      (result) => {
        if (json) return;
        io.out(`${result.ok ? '✔' : '✖'} ${result.step}`);
        for (const line of result.lines) io.out(`    ${line}`);
      },
    );
    const ok = results.every((result) => result.ok);
    if (json) io.out(JSON.stringify({ ok, steps: results }, null, 2));
    else if (ok) io.out('\nThe store was installed, onboarded, verified, loaded and uninstalled.');
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await server.close();
    await sandbox.close();
  }
}

interface StepResult {
  step: string;
  ok: boolean;
  lines: string[];
}

/** The steps in order, each shown as it ends; the first that does not hold ends the demo. */
async function runSteps(steps: [string, Step][], show: (result: StepResult) => void): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [step, run] of steps) {
    const result = { step, ...(await run()) };
    results.push(result);
    show(result);
    if (!result.ok) break;
  }
  return results;
}

interface Lifecycle {
  sandbox: Sandbox;
  app: LocalApp;
  secretsFile: string;
  clientId: string;
}

type Step = () => Promise<{ ok: boolean; lines: string[] }>;

function lifecycle({ sandbox, app, secretsFile, clientId }: Lifecycle): [string, Step][] {
  const store = defaultStoreHash;
  const tokenName = `bcship/stores/${store}`;
  return [
    [
      'install: the merchant installs the app, BigCommerce calls /auth with a one-time code',
      async () => {
        const response = await sandbox.apps.install(store, clientId);
        return { ok: response.status === 200, lines: [`GET /auth → ${response.status}`] };
      },
    ],
    [
      'token stored: the code was exchanged at POST /oauth2/token',
      async () => {
        const secret = readSecretsFile(secretsFile)[tokenName] as { accessToken?: unknown } | undefined;
        const ok = typeof secret?.accessToken === 'string';
        return {
          ok,
          lines: [`${tokenName} ${ok ? 'holds the store’s access token (not shown)' : 'is missing'}`],
        };
      },
    ],
    [
      'profile assigned by profiles/assignments.yaml',
      async () => {
        const entry = await app.deps.stores.getStore(store);
        const assignment = await app.assignment(store);
        return {
          ok: entry?.profileName === assignment.profile,
          lines: [`store ${store} → ${entry?.profileName ?? '(not registered)'}: ${assignment.reason}`],
        };
      },
    ],
    [
      'onboarded and verified: the Onboard state machine ran locally',
      async () => {
        const [execution] = await app.executions.settled();
        const summary = execution?.output as { outcome?: string; changes?: unknown[] } | undefined;
        const ok = execution?.status === 'SUCCEEDED' && summary?.outcome === 'succeeded';
        const detail = ok
          ? `${summary?.changes?.length ?? 0} change(s), verified`
          : `${execution?.error}: ${execution?.cause}`;
        return { ok, lines: [`${execution?.executionName}: ${detail}`] };
      },
    ],
    [
      'load: the merchant opens the app, /load verifies the signed JWT and shows the status page',
      async () => {
        const response = await sandbox.apps.load(store, clientId);
        return {
          ok: response.status === 200 && response.body.includes('id="status"'),
          lines: pageText(response.body),
        };
      },
    ],
    [
      'uninstall: /uninstall deregisters the store and disables its token',
      async () => {
        const response = await sandbox.apps.uninstall(store, clientId);
        const entry = await app.deps.stores.getStore(store);
        const events = app.events.published.filter((event) => event.detailType === STORE_UNINSTALLED_EVENT);
        const secret = readSecretsFile(secretsFile)[tokenName] as { accessToken?: unknown } | undefined;
        const ok =
          response.status === 200 &&
          entry === undefined &&
          events.length === 1 &&
          secret?.accessToken === undefined;
        return {
          ok,
          lines: [
            `GET /uninstall → ${response.status}; store ${entry ? 'still registered' : 'deregistered'}`,
            `${events.length} ${STORE_UNINSTALLED_EVENT} event(s); token ${secret?.accessToken === undefined ? 'disabled' : 'still there'}`,
          ],
        };
      },
    ],
  ];
}

/** The status page as lines of text: each table row's cells, tags dropped, entities read back. */
function pageText(html: string): string[] {
  const entities: Record<string, string> = {
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#39;': "'",
    '&amp;': '&',
  };
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)]
    .map((row) =>
      [...(row[1] ?? '').matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)]
        .map((cell) =>
          (cell[1] ?? '').replace(/&(lt|gt|quot|#39|amp);/g, (entity) => entities[entity] ?? entity),
        )
        .filter(Boolean)
        .join(' | '),
    )
    .filter(Boolean);
}
