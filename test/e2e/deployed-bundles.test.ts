/**
 * What deploys is what is tested: the functions exactly as the synthesized cloud assembly holds them (each
 * bundle, imported and called with a Lambda context) with the environment the template gives them, on moto
 * for AWS and the sandbox for BigCommerce. The Onboard state machine is the synthesized definition, run by
 * the local interpreter with every Task invoking its function's bundle; the receiver and the reconciler
 * start executions of it on moto.
 */
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import type { ReconcilePlan } from '../../lambdas/operations/reconcile-stores.ts';
import { executionNameFor } from '../../lambdas/platform/execution-names.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import type { ExecutionInput, RunReport, RunSummary } from '../../lambdas/workflow-contract.ts';
import { PROJECT_ROOT } from '../../lib/settings.ts';
import { type LocalRunSettings, runOnboardLocally, type TaskInvoker } from '../../local/runner.ts';
import { type Sandbox, type SandboxSeed, startSandbox } from '../../sandbox/index.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import { ENDICIA, methodsWithoutIds, STORE, TOKEN, writesIn } from '../support/local-workflow.ts';
import { type Moto, motoClientConfig, startMoto } from '../support/moto.ts';
import {
  copyBundles,
  deployedEnvironment,
  deployedFunctions,
  importBundle,
  invokeBundles,
} from './support/deployed-app.ts';
import { createMotoStack, createSecrets, type MotoStack, resetMoto } from './support/moto-stack.ts';

/** A store that already has methods in its United States zone, one of which the profile changes. */
const LEGACY = 'legacy';
const SEED: SandboxSeed = {
  stores: [
    { hash: STORE, token: TOKEN },
    {
      hash: LEGACY,
      token: TOKEN,
      zones: [
        {
          id: 1,
          name: 'United States',
          type: 'country',
          locations: [{ country_iso2: 'US' }],
          methods: [
            { name: 'Flat Rate', type: 'perorder', settings: { rate: 5 }, enabled: true },
            { name: 'Legacy Rate', type: 'peritem', settings: { rate: 2 }, enabled: true },
          ],
        },
      ],
    },
  ],
};
const CLIENT_SECRET = 'client-secret-E2E-7f3c1a';
const APP = { clientId: 'e2e-app-client', clientSecret: 'app-client-secret-E2E-52d9b0' };
const BUNDLES_DIR = path.join(PROJECT_ROOT, '.build', 'e2e', String(process.pid));

let moto: Moto;
let sandbox: Sandbox;
let stack: MotoStack;
let environment: Record<string, string>;
let handlers: Map<string, LambdaHandler>;
let runs = 0;

beforeAll(async () => {
  const template = inject('appTemplate');
  const functions = deployedFunctions(template, inject('appAssemblyDir'));
  [moto, sandbox] = await Promise.all([startMoto(), startSandbox({ seed: SEED })]);
  // Created here for the names the functions are configured with; each test gets the same names afresh.
  stack = await createMotoStack(moto.endpoint, template, inject('onboardAsl'));
  environment = {
    ...deployedEnvironment(functions, stack.refs),
    BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2`,
    BC_LOGIN_URL: sandbox.url,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
  };
  // Before the bundles load: Powertools reads its variables at import.
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  const dirs = copyBundles(functions, BUNDLES_DIR);
  handlers = new Map([...dirs].map(([operation, dir]) => [operation, importBundle(dir)]));
});

beforeEach(async () => {
  sandbox.reset();
  await resetMoto(moto.endpoint);
  stack = await createMotoStack(moto.endpoint, inject('appTemplate'), inject('onboardAsl'));
  const storeSecret = (storeHash: string) => `${environment.STORE_SECRET_PREFIX}/${storeHash}`;
  await createSecrets(moto.endpoint, {
    [storeSecret(STORE)]: { accessToken: TOKEN },
    [storeSecret(LEGACY)]: { accessToken: TOKEN },
    [`${environment.CARRIER_SECRET_PREFIX}/endicia`]: ENDICIA,
    [environment.WEBHOOK_SECRET_NAME!]: { clientSecret: CLIENT_SECRET },
    [environment.APP_SECRET_NAME!]: APP,
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([sandbox?.close(), moto?.stop()]);
  fs.rmSync(BUNDLES_DIR, { recursive: true, force: true });
});

/** An Onboard run of the synthesized definition, each Task invoking its deployed bundle. */
const run = (
  input: Partial<ExecutionInput>,
  settings: LocalRunSettings = {},
  invokeTask: TaskInvoker = invokeBundles(handlers),
) =>
  runOnboardLocally(
    { storeHash: STORE, profile: 'us-standard', ...input },
    {
      asl: inject('onboardAsl'),
      retryDelayMs: 0,
      executionName: `e2e-run-${++runs}`,
      ...settings,
      invokeTask,
    },
  );

const summaryOf = (output: unknown) => output as RunSummary;
const methodNamed = (name: string, storeHash = STORE) =>
  sandbox.state(storeHash).methodsByZone[1]?.find((method) => method.name === name);

/** Changes a method in the store directly, as another app or a merchant would. */
async function editMethod(storeHash: string, name: string, edit: Record<string, unknown>): Promise<void> {
  const method = methodNamed(name, storeHash);
  const response = await fetch(`${sandbox.baseUrl(storeHash)}/shipping/zones/1/methods/${method!.id}`, {
    method: 'PUT',
    headers: { 'X-Auth-Token': TOKEN, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(edit),
  });
  expect(response.status).toBe(200);
}

async function appliedStore(storeHash = STORE): Promise<void> {
  const applied = await run({ storeHash });
  expect(applied.status, applied.cause).toBe('SUCCEEDED');
  await stack.receiveEvents();
}

describe('the Onboard state machine with every Task running its deployed bundle', () => {
  it('applies a profile to a fresh store, records the run in DynamoDB and publishes its event', async () => {
    const applied = await run({});

    expect(applied.status, applied.cause).toBe('SUCCEEDED');
    const summary = summaryOf(applied.output);
    expect(summary).toMatchObject({ outcome: 'succeeded', mismatches: [] });
    // The whole report is in the run artifacts bucket, where the output says.
    expect(summary.report).toBe(`s3://bcship-run-artifacts/runs/${applied.executionName}/report.json`);
    const report = (await stack.runArtifact(applied.executionName, 'report')) as RunReport;
    expect(report.changes).toEqual(summary.changes);
    expect(report.zones.map((zone) => zone.zoneName)).toEqual(['United States']);
    expect(
      sandbox
        .state(STORE)
        .methodsByZone[1]?.map((m) => `${m.type}:${m.name}`)
        .sort(),
    ).toEqual(['endicia:USPS', 'perorder:Flat Rate']);
    expect(Object.keys(sandbox.state(STORE).connections)).toEqual(['endicia']);
    const items = await stack.registryItems(STORE);
    expect(items.find((item) => item.sk === 'STORE')).toMatchObject({ profileName: 'us-standard' });
    expect(items.filter((item) => String(item.sk).startsWith('RUN#'))).toEqual([
      expect.objectContaining({ run: expect.objectContaining({ outcome: 'succeeded', mode: 'apply' }) }),
    ]);
    expect(await stack.receiveEvents()).toEqual([
      expect.objectContaining({
        'detail-type': 'bcship.run.succeeded',
        detail: expect.objectContaining({ storeHash: STORE, outcome: 'succeeded' }),
      }),
    ]);
  });

  it('re-runs in sync with zero writes once the store matches', async () => {
    await appliedStore();
    sandbox.clearLog();

    const again = await run({});

    expect(again.status, again.cause).toBe('SUCCEEDED');
    expect(summaryOf(again.output)).toMatchObject({ outcome: 'in-sync', changes: [], mismatches: [] });
    expect(writesIn(sandbox)).toEqual([]);
  });

  it('finds drift made in the store directly with a verify run, and writes nothing', async () => {
    await appliedStore();
    await editMethod(STORE, 'Flat Rate', { settings: { rate: 12 } });
    sandbox.clearLog();

    const check = await run({ mode: 'verify' });

    expect(check.status, check.cause).toBe('SUCCEEDED');
    expect(summaryOf(check.output).outcome).toBe('drifted');
    expect(summaryOf(check.output).mismatches).toEqual([
      expect.objectContaining({
        name: 'Flat Rate',
        changes: [{ path: 'settings.rate', desired: 7, actual: 12 }],
      }),
    ]);
    expect(writesIn(sandbox)).toEqual([]);
    expect((await stack.receiveEvents()).map((event) => event['detail-type'])).toEqual([
      'bcship.run.drifted',
    ]);
  });

  it('rolls a failed verification back, leaving the store exactly as it was', async () => {
    const before = sandbox.state(LEGACY);
    const methodsBefore = methodsWithoutIds(sandbox, LEGACY);

    const failed = await run(
      { storeHash: LEGACY, rollback: true },
      {
        beforeTask: async (state) => {
          if (state === 'Verify') await editMethod(LEGACY, 'Flat Rate', { settings: { rate: 99 } });
        },
      },
    );

    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('VerificationMismatch');
    expect(failed.events.some((e) => e.type === 'StateEntered' && e.state.name === 'Rollback')).toBe(true);
    expect(methodsWithoutIds(sandbox, LEGACY)).toEqual(methodsBefore);
    expect(sandbox.state(LEGACY).connections).toEqual(before.connections);
    expect((await stack.receiveEvents()).map((event) => event['detail-type'])).toEqual(['bcship.run.failed']);
  });

  it('fails the run when a bundle it loads is broken, so the suite runs the files it loads', async () => {
    // A copy of the deployed bundle, its index.mjs replaced by a module whose handler throws.
    const dir = path.join(BUNDLES_DIR, 'broken', 'verify-zones');
    fs.cpSync(path.join(BUNDLES_DIR, 'verify-zones'), dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'index.mjs'),
      "export const handler = async () => { throw Object.assign(new Error('broken bundle'), { name: 'BrokenBundle' }); };\n",
    );
    const withBroken = new Map(handlers).set('verify-zones', importBundle(dir));

    const broken = await run({}, {}, invokeBundles(withBroken));

    expect(broken.status).toBe('FAILED');
    expect(broken.error).toBe('BrokenBundle');
    expect(broken.cause).toContain('broken bundle');
  });
});

describe('the deployed triggers, starting executions on moto', () => {
  it('starts an apply run named after a signed webhook delivery to a registered store', async () => {
    await appliedStore();
    const body = JSON.stringify({
      scope: 'store/information/updated',
      store_id: '1025646',
      data: { type: 'store' },
      hash: 'dd70c0976e06b67aaf671e73f49dcb79230ebf9d',
      created_at: 1_561_479_335,
      producer: `stores/${STORE}`,
    });
    const at = new Date();
    const signature = new Webhook(Buffer.from(CLIENT_SECRET).toString('base64')).sign('msg_e2e_1', at, body);
    const event = {
      version: '2.0',
      rawPath: '/',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_e2e_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      requestContext: { http: { method: 'POST', path: '/' } },
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    };

    const response = await handlers.get('receive-webhook')!(event, lambdaContext('receive-webhook'));

    expect(response).toEqual({ statusCode: 200 });
    const [execution, ...others] = await stack.executions();
    // The run waits out the burst window before it reads the store.
    const input = {
      storeHash: STORE,
      profile: 'us-standard',
      mode: 'apply',
      trigger: { kind: 'webhook', id: 'msg_e2e_1' },
      notBefore: String(execution?.input.notBefore),
    } as const;
    expect(input.notBefore).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(others).toEqual([]);
    expect(execution).toEqual({ name: executionNameFor(input, 'msg_e2e_1'), input });
  });

  it('queues every registered store on schedule and starts exactly one Express verify run per store', async () => {
    await appliedStore(STORE);
    await appliedStore(LEGACY);
    const scheduledTime = '2026-11-22T03:00:00Z';

    const plan = (await handlers.get('reconcile-stores')!(
      { scheduledTime, mode: 'verify' },
      lambdaContext('reconcile-stores'),
    )) as ReconcilePlan;
    const messages = await stack.receiveReconcileMessages();
    const started = (await handlers.get('start-reconciliations')!(
      messages,
      lambdaContext('start-reconciliations'),
    )) as { batchItemFailures: unknown[] };
    // The same messages again, as a redelivery would bring them: nothing more is started.
    await handlers.get('start-reconciliations')!(messages, lambdaContext('start-reconciliations'));

    expect(plan).toMatchObject({ queued: 2, skipped: 0 });
    expect(started).toEqual({ batchItemFailures: [] });
    const expected = [LEGACY, STORE].map((storeHash) => {
      const input = {
        storeHash,
        profile: 'us-standard',
        mode: 'verify',
        trigger: { kind: 'schedule', id: scheduledTime },
      } as const;
      return { name: executionNameFor(input, scheduledTime), input };
    });
    const runs = await stack.reconcileRuns();
    expect(runs.sort((a, b) => String(a.input.storeHash).localeCompare(String(b.input.storeHash)))).toEqual(
      expected,
    );
    expect(await stack.executions()).toEqual([]);
  });
});

/**
 * The deployed app-callbacks bundle behind a local HTTP server standing in for its Function URL: each request
 * becomes the Function URL event Lambda would deliver, and the handler's answer the response. Every line the
 * bundle writes (Powertools logs) is kept, with the query strings the requests carried (codes, JWTs).
 */
async function serveAppBundle() {
  const logs: string[] = [];
  const queries: string[] = [];
  const handler = handlers.get('app-callbacks')!;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    queries.push(...url.searchParams.values());
    const event = {
      version: '2.0',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: { host: request.headers.host ?? '', 'x-forwarded-proto': 'http' },
      queryStringParameters: Object.fromEntries(url.searchParams),
      requestContext: {
        domainName: request.headers.host,
        http: { method: request.method, path: url.pathname },
      },
      isBase64Encoded: false,
    };
    void (
      handler(event, lambdaContext('app-callbacks')) as Promise<{
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      }>
    ).then(
      (answer) => response.writeHead(answer.statusCode, answer.headers).end(answer.body),
      () => response.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox.apps.register({ ...APP, appUrl: url, scopes: ['store_v2_information'] });
  const capture = (chunk: unknown) => {
    logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    logs,
    queries,
    close: async () => {
      stdout.mockRestore();
      stderr.mockRestore();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function storeSecretValue(storeHash: string): Promise<Record<string, unknown>> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient(motoClientConfig(moto.endpoint));
  const { SecretString } = await client.send(
    new GetSecretValueCommand({ SecretId: `${environment.STORE_SECRET_PREFIX}/${storeHash}` }),
  );
  return JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
}

describe('the deployed app callbacks and onboarding events, on moto', () => {
  it('install, load and uninstall: the token in Secrets Manager, one execution, one event, and no secret in any log line or input', async () => {
    const app = await serveAppBundle();
    try {
      const install = await sandbox.apps.install(STORE, APP.clientId);
      const token = String((await storeSecretValue(STORE)).accessToken);
      const load = await sandbox.apps.load(STORE, APP.clientId);
      const forgedJwt = sandbox.apps.signedPayload(STORE, APP.clientId, {}, 'forged');
      const forged = await fetch(
        `${install.url.replace(/\/auth$/, '')}/load?signed_payload_jwt=${forgedJwt}`,
      );
      const uninstall = await sandbox.apps.uninstall(STORE, APP.clientId);

      expect([install.status, load.status, forged.status, uninstall.status]).toEqual([200, 200, 401, 200]);
      expect(token).toMatch(/^app-/);
      expect(load.body).toContain('<td>Profile</td><td>us-standard</td>');
      const executions = await stack.executions();
      expect(executions).toHaveLength(1);
      expect(executions[0]?.input).toMatchObject({
        storeHash: STORE,
        profile: 'us-standard',
        trigger: { kind: 'install' },
      });
      expect(await storeSecretValue(STORE)).toMatchObject({ disabled: expect.any(String) });
      expect((await stack.registryItems(STORE)).some((item) => item.entity === 'store')).toBe(false);
      expect((await stack.receiveEvents()).map((event) => event['detail-type'])).toEqual([
        'bcship.store.uninstalled',
      ]);

      const everything = JSON.stringify({
        logs: app.logs,
        executions,
        pages: [install.body, load.body, uninstall.body],
      });
      expect(app.logs.join('')).toContain('app-callbacks finished');
      for (const secret of [token, APP.clientSecret, ...app.queries])
        expect(everything).not.toContain(secret);
    } finally {
      await app.close();
    }
  });

  it('an onboard-requested event starts exactly one execution, however often it is delivered', async () => {
    const event = {
      version: '0',
      id: 'a3b1c2d4-0000-4000-8000-00000000e2e1',
      'detail-type': 'bcship.store.onboard-requested',
      source: 'acme.provisioning',
      time: '2026-12-02T03:00:00Z',
      detail: { storeHash: STORE },
    };

    const first = await handlers.get('start-onboarding')!(event, lambdaContext('start-onboarding'));
    const again = await handlers.get('start-onboarding')!(event, lambdaContext('start-onboarding'));

    // Step Functions answers a repeated start of a running execution with that execution; within a second of it
    // the starter cannot tell it from a new one, so what counts is what the state machine holds.
    expect(first).toMatchObject({ started: true, profile: 'us-standard' });
    expect(again).toMatchObject({ executionName: (first as { executionName: string }).executionName });
    const executions = await stack.executions();
    expect(executions).toHaveLength(1);
    expect(executions[0]?.input).toMatchObject({
      storeHash: STORE,
      profile: 'us-standard',
      trigger: { kind: 'event' },
    });
    expect((await stack.registryItems(STORE)).find((item) => item.entity === 'store')?.profileName).toBe(
      'us-standard',
    );
  });
});
