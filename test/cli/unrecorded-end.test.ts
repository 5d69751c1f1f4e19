/**
 * A local run that ends where no Catch reaches (a task result over Step Functions' payload limit) is still
 * accounted for, as the status-change rule does on AWS: its run is recorded as failed with the limit's error
 * and its store's lease is released, so the next run need not wait.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { openJsonRegistry } from '../../local/platform/json-registry.ts';
import { DATA_LIMIT_EXCEEDED } from '../../local/runner.ts';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';

let home: string;
let sandbox: Sandbox;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'bcship-end-'));
  sandbox = await startSandbox();
});
afterEach(async () => {
  await sandbox.close();
  rmSync(home, { recursive: true, force: true });
});

/**
 * Every zone's iteration answers with its outcome and 300 KB more: a task result over the payload limit, as a
 * defect that let a state grow would produce (a large profile no longer can: see test/cli/large-store.test.ts).
 */
vi.mock('../../lambdas/operations/apply-zone-methods.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lambdas/operations/apply-zone-methods.ts')>();
  const operation = original.applyZoneMethods;
  return {
    ...original,
    applyZoneMethods: {
      ...operation,
      run: async (...args: Parameters<typeof operation.run>) => ({
        ...(await operation.run(...args)),
        padding: 'x'.repeat(300 * 1024),
      }),
    },
  };
});

/** A profile for the sandbox's United States zone. */
function flatRateProfile(): string {
  const profile = {
    name: 'flat-rate-file',
    units: { currency: 'USD' },
    zones: [{ match: { id: 1 }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }] }],
  };
  const file = join(home, 'flat-rate.json');
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

describe('a local run ended by the payload limit', () => {
  it('is recorded as failed with States.DataLimitExceeded, and its lease is released', async () => {
    const err: string[] = [];
    const code = await main(
      ['onboard', '--store', 'sandbox', '--profile', flatRateProfile(), '--home', home],
      {
        out: () => {},
        err: (t) => err.push(t),
        env: {
          BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2`,
          BC_STORE_HASH: 'sandbox',
          BC_ACCESS_TOKEN: 'sandbox-token',
        },
        progress: false,
      },
    );

    expect(code, err.join('\n')).toBe(1);
    expect(err.join('\n')).toContain(DATA_LIMIT_EXCEEDED);
    const registry = openJsonRegistry(join(home, 'registry.json'));
    expect(await registry.leases.holder('sandbox')).toBeUndefined();
    const runs = registry.stores.runsOf('sandbox');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'failed', mode: 'apply', error: { name: DATA_LIMIT_EXCEEDED } });
  });
});
