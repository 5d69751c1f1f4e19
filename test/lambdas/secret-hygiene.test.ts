/**
 * No secret leaves a handler: not in what it returns (execution history keeps every payload), not in what it
 * throws (the error becomes the execution's cause), not in what it logs or publishes. The run below uses a
 * distinctive store token and carrier credentials, goes through every handler on both the success and the
 * failure path, and searches everything that came out for them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { applyZoneMethods } from '../../lambdas/operations/apply-zone-methods.ts';
import { connectCarriers } from '../../lambdas/operations/connect-carriers.ts';
import type { Operation } from '../../lambdas/operations/operation.ts';
import { record as recordOperation } from '../../lambdas/operations/record.ts';
import { recordFailure as recordFailureOperation } from '../../lambdas/operations/record-failure.ts';
import { resolveZones } from '../../lambdas/operations/resolve-zones.ts';
import { rollback as rollbackOperation } from '../../lambdas/operations/rollback.ts';
import { verifyZones } from '../../lambdas/operations/verify-zones.ts';
import { lambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { logger } from '../../lambdas/platform/powertools.ts';
import type { CaughtError, RunState, StepResult, ZoneOutcome } from '../../lambdas/workflow-contract.ts';
import { JsonRunArtifacts } from '../../local/platform/json-run-artifacts.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import type { MemoryDeps } from '../support/memory-deps.ts';
import {
  ENDICIA_SECRET,
  type Fixture,
  STORE,
  seedWithMethods,
  startFixture,
  testProfile,
} from '../support/operations-fixture.ts';

const STORE_TOKEN = 'tok-HYGIENE-5c1e2f9a7d';
const artifactsFolder = mkdtempSync(join(tmpdir(), 'bcship-hygiene-artifacts-'));
const CARRIER_SECRETS = { account_id: 'acct-HYGIENE-77a1', pass_phrase: 'phrase-HYGIENE-39bd' };
const BROKEN_CARRIER_SECRETS = { account_id: 'acct-BROKEN-HYGIENE-19' };
const SECRET_VALUES = [
  STORE_TOKEN,
  ...Object.values(CARRIER_SECRETS),
  ...Object.values(BROKEN_CARRIER_SECRETS),
];

let fixture: Fixture;
/** Every payload a handler returned or threw, as JSON. */
const outputs: string[] = [];
/** Everything written to stdout and stderr while the handlers ran (Powertools logs and metrics). */
const written: string[] = [];
/** The store's endicia connection once ConnectCarriers ran (the rollback removes it again). */
let connectionAfterConnect: unknown;

function invoke<I, R>(operation: Operation<I, R, MemoryDeps>, deps: MemoryDeps) {
  const handler = lambdaHandler(operation, () => deps);
  return async (event: unknown): Promise<R> => {
    try {
      const result = (await handler(event, lambdaContext(operation.name))) as R;
      outputs.push(JSON.stringify(result));
      return result;
    } catch (error) {
      outputs.push(JSON.stringify({ name: (error as Error).name, message: (error as Error).message }));
      throw error;
    }
  };
}

/** What Step Functions hands a Catch: Lambda's error JSON as the cause. */
const caught = (error: Error): CaughtError => ({
  Error: error.name,
  Cause: JSON.stringify({
    errorType: error.name,
    errorMessage: error.message,
    trace: error.stack?.split('\n'),
  }),
});

async function runEverything(deps: MemoryDeps) {
  const resolve = invoke(resolveZones, deps);
  const connect = invoke(connectCarriers, deps);
  const apply = invoke(applyZoneMethods, deps);
  const verify = invoke(verifyZones, deps);
  const record = invoke(recordOperation, deps);
  const recordFailure = invoke(recordFailureOperation, deps);
  const rollback = invoke(rollbackOperation, deps);
  const profile = { ...testProfile, prune: true };

  // Success: every step of an apply, then undoing it.
  const state = (await resolve({
    state: { storeHash: STORE, profile, rollback: true },
    executionId: 'run-1',
  })) as RunState;
  state.connected = (await connect({ state, executionId: 'run-1' })) as StepResult;
  connectionAfterConnect = fixture.sandbox.state(STORE).connections.endicia;
  for (const [index, zone] of state.zones.entries()) {
    const input = {
      storeHash: STORE,
      executionId: 'run-1',
      mode: state.mode,
      prune: state.prune,
      index,
      zone,
    };
    state.applied.push((await apply(input)) as ZoneOutcome);
  }
  state.verification = await verify({ state, executionId: 'run-1' });
  await record({ state, executionId: 'run-1' });
  await rollback({ state, executionId: 'run-1' });

  // Failure: BigCommerce refuses the carrier's fields; the run rolls back and records the failure.
  deps.secrets.byName.set(`bcship/stores/${STORE}/carriers/endicia`, BROKEN_CARRIER_SECRETS);
  const failing = await resolve({
    state: { storeHash: STORE, profile, reconnect: true },
    executionId: 'run-2',
  });
  const error = (await connect({ state: failing, executionId: 'run-2' }).catch((e: unknown) => e)) as Error;
  expect(error.name).toBe('CarrierConnectionFailed');
  const failed = { ...failing, error: caught(error) };
  const undone = await rollback({ state: failed, executionId: 'run-2' });
  await recordFailure({ state: { ...failed, rolledBack: undone }, executionId: 'run-2' });

  // A rollback that failed too: the cause and the run record list each change still in the store.
  deps.secrets.byName.set(`bcship/stores/${STORE}/carriers/endicia`, CARRIER_SECRETS);
  const third = (await resolve({
    state: { storeHash: STORE, profile, rollback: true },
    executionId: 'run-3',
  })) as RunState;
  third.connected = (await connect({ state: third, executionId: 'run-3' })) as StepResult;
  for (const [index, zone] of third.zones.entries()) {
    const input = {
      storeHash: STORE,
      executionId: 'run-3',
      mode: third.mode,
      prune: third.prune,
      index,
      zone,
    };
    third.applied.push((await apply(input)) as ZoneOutcome);
  }
  const outage = Object.assign(new Error('BigCommerce is unavailable'), { name: 'BigCommerceUnavailable' });
  await recordFailure({
    state: { ...third, error: caught(outage), rollbackError: caught(outage) },
    executionId: 'run-3',
  });
}

beforeAll(async () => {
  fixture = await startFixture({
    token: STORE_TOKEN,
    seed: seedWithMethods(
      {
        1: [
          { id: 10, name: 'Flat Rate', type: 'perorder', settings: { rate: 5 } },
          { id: 11, name: 'Legacy', type: 'peritem', settings: { rate: 1 } },
        ],
        2: [],
        3: [],
      },
      { token: STORE_TOKEN },
    ),
  });
  fixture.deps.secrets.byName.set(ENDICIA_SECRET, CARRIER_SECRETS);
  // On disk, so that every document the run kept beside its state can be read back as written.
  fixture.deps.artifacts = new JsonRunArtifacts(artifactsFolder);

  const capture = (chunk: unknown) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  logger.setLogLevel('DEBUG');
  try {
    await runEverything(fixture.deps);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    logger.setLogLevel('INFO');
  }
});

afterAll(async () => {
  await fixture.close();
  rmSync(artifactsFolder, { recursive: true, force: true });
});

/** Every run artifact written, as its file's text. */
const artifactTexts = (): string[] =>
  readdirSync(artifactsFolder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => readFileSync(join(artifactsFolder, name), 'utf8'));

describe('secret hygiene', () => {
  test('the run exercised every handler and the capture saw their logs', () => {
    const logs = written.join('');
    for (const operation of [
      'resolve-zones',
      'connect-carriers',
      'apply-zone-methods',
      'verify-zones',
      'record',
      'rollback',
    ]) {
      expect(logs).toContain(`${operation} finished`);
    }
    expect(logs).toContain('connect-carriers failed');
    expect(logs).toContain('record-failure finished');
    expect(outputs.length).toBeGreaterThanOrEqual(11);
  });

  test('a run whose rollback failed too recorded the changes it left, the new carrier connection among them', () => {
    const [failedRollback] = fixture.deps.stores.runsOf(STORE).filter((run) => run.executionId === 'run-3');
    expect(failedRollback?.notUndone).toContainEqual({
      kind: 'disconnect-connected',
      description: 'disconnect carrier endicia',
    });
  });

  test('the store actually received the credentials, so their absence elsewhere means something', () => {
    expect(connectionAfterConnect).toEqual(CARRIER_SECRETS);
  });

  test.each(SECRET_VALUES)('no handler returns or throws %s', (secret) => {
    for (const output of outputs) expect(output).not.toContain(secret);
  });

  test.each(SECRET_VALUES)('nothing logged contains %s', (secret) => {
    expect(written.join('')).not.toContain(secret);
  });

  test.each(SECRET_VALUES)(
    'no run artifact (resolved profile, zone changes, report) contains %s',
    (secret) => {
      const texts = artifactTexts();
      // The resolved profiles, the zones' changes, the verifications and the report of the runs.
      expect(texts.length).toBeGreaterThanOrEqual(6);
      for (const text of texts) expect(text).not.toContain(secret);
    },
  );

  test.each(SECRET_VALUES)('no recorded run, journal entry or event contains %s', (secret) => {
    const { registryFile, events } = fixture.deps;
    const stored = JSON.stringify({ registry: registryFile.contents(), events: events.published });
    expect(stored).not.toContain(secret);
  });
});
