/**
 * A local run that ends where no Catch reaches (a state over Step Functions' payload limit) is still
 * accounted for, as the status-change rule does on AWS: its run is recorded as failed with the limit's error
 * and its store's lease is released, so the next run need not wait.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

/** A valid profile for the sandbox's three zones whose resolved state is far over 256 KiB. */
function oversizedProfile(): string {
  const methods = Array.from({ length: 200 }, (_, index) => ({
    name: `Weight band ${index + 1} with a long descriptive name for shoppers`,
    type: 'weight',
    settings: {
      default_cost: 15,
      default_cost_type: 'fixed_amount',
      range: Array.from({ length: 10 }, (_, step) => ({
        lower_limit: step * 10,
        upper_limit: step * 10 + 10,
        shipping_cost: step + 1,
      })),
    },
  }));
  const profile = {
    name: 'oversized',
    units: { currency: 'USD', weight: 'oz' },
    zones: [{ id: 1 }, { id: 2 }, { id: 3 }].map((match) => ({ match, methods })),
  };
  const file = join(home, 'oversized.json');
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

describe('a local run ended by the payload limit', () => {
  it('is recorded as failed with States.DataLimitExceeded, and its lease is released', async () => {
    const err: string[] = [];
    const code = await main(
      ['onboard', '--store', 'sandbox', '--profile', oversizedProfile(), '--home', home],
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

    expect(code).toBe(1);
    expect(err.join('\n')).toContain(DATA_LIMIT_EXCEEDED);
    const registry = openJsonRegistry(join(home, 'registry.json'));
    expect(await registry.leases.holder('sandbox')).toBeUndefined();
    const runs = registry.stores.runsOf('sandbox');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'failed', mode: 'apply', error: { name: DATA_LIMIT_EXCEEDED } });
  });
});
