/**
 * A local Onboard run against an in-process sandbox: the synthesized definition, the real operations, and
 * local adapters. Synthesis is the slow part, so the definition is the one synthesized once per test run.
 */

import { inject } from 'vitest';
import type { Deps } from '../../lambdas/platform/ports.ts';
import type { ExecutionInput } from '../../lambdas/workflow-contract.ts';
import type { OnboardAsl } from '../../lib/asl.ts';
import { FileSecrets } from '../../local/platform/file-secrets.ts';
import { type JsonRegistry, openJsonRegistry } from '../../local/platform/json-registry.ts';
import { localDeps } from '../../local/platform/local-deps.ts';
import { MemoryEvents } from '../../local/platform/memory-events.ts';
import { type LocalExecution, type LocalRunSettings, runOnboardLocally } from '../../local/runner.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';

export const STORE = 'sandbox';
export const TOKEN = 'sandbox-token';
export const ENDICIA = { account_id: 'endicia-account-7731', pass_phrase: 'endicia-phrase-5519' };

/**
 * What `synthesizeLocalAsl()` returns: the definition of the default app, extracted once per test run by
 * test/global-setup.ts. A test that changes lib/ (a vi.mock) synthesizes its own and passes it to `run`.
 */
const onboardAsl = (): OnboardAsl => inject('onboardAsl');

export interface WorkflowHarness {
  sandbox: Sandbox;
  /** The local adapters the runs use, for a test that runs one operation on its own. */
  deps: Deps;
  registry: JsonRegistry;
  events: MemoryEvents;
  secrets: Record<string, unknown>;
  /** `deps` replaces the harness's adapters for this run. */
  run(input: Partial<ExecutionInput>, options?: LocalRunSettings & { deps?: Deps }): Promise<LocalExecution>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The registry's clock, which store leases are taken and checked against. */
  registryNow?: () => Date;
  /** Per request; short by default, so that hung-response faults end quickly. */
  clientTimeoutMs?: number;
}

export async function workflowHarness(
  sandboxOptions: SandboxOptions = {},
  secrets: Record<string, unknown> = { 'bcship/carriers/endicia': ENDICIA },
  options: HarnessOptions = {},
): Promise<WorkflowHarness> {
  const sandbox = await startSandbox(sandboxOptions);
  const registry = openJsonRegistry(undefined, options.registryNow ? { now: options.registryNow } : {});
  const events = new MemoryEvents();
  const allSecrets = { [`bcship/stores/${STORE}`]: { accessToken: TOKEN }, ...secrets };
  const deps = localDeps({
    apiUrl: `${sandbox.url}/stores/{storeHash}/v2`,
    secrets: new FileSecrets({ values: allSecrets }),
    stores: registry.stores,
    leases: registry.leases,
    journal: registry.journal,
    events,
    profilesDir: 'profiles',
    // A 429 goes straight back to the state machine, whose Retry is what these tests exercise.
    client: { timeoutMs: options.clientTimeoutMs ?? 2_000, rateLimitBudgetMs: 0 },
  });
  let runs = 0;
  return {
    sandbox,
    deps,
    registry,
    events,
    secrets: allSecrets,
    run: (input, options = {}) =>
      runOnboardLocally(
        { storeHash: STORE, profile: 'us-standard', ...input },
        { deps, asl: onboardAsl(), retryDelayMs: 0, executionName: `test-run-${++runs}`, ...options },
      ),
    close: () => sandbox.close(),
  };
}

/** Requests that change the store. */
export const writesIn = (sandbox: Sandbox) => sandbox.requests.filter((r) => r.method !== 'GET');

/** The store's methods without ids (a method deleted and recreated by a rollback gets a new id). */
export function methodsWithoutIds(sandbox: Sandbox, storeHash = STORE) {
  const state = sandbox.state(storeHash);
  return Object.fromEntries(
    Object.entries(state.methodsByZone).map(([zoneId, methods]) => [
      zoneId,
      methods.map(({ id: _id, ...method }) => method).sort((a, b) => a.name.localeCompare(b.name)),
    ]),
  );
}
