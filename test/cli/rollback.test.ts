/**
 * A failed run whose rollback failed too: the CLI and the run record list what was not undone and name the
 * command that finishes it; `bcship rollback` then goes on from there, locally and (--aws) on the deployed
 * registry table and secrets (on moto).
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it, vi } from 'vitest';
import { createDynamoJournal } from '../../lambdas/platform/aws-journal.ts';
import { createDynamoLease } from '../../lambdas/platform/aws-lease.ts';
import { createDynamoStoreRegistry } from '../../lambdas/platform/aws-store-registry.ts';
import { openJsonRegistry } from '../../local/platform/json-registry.ts';
import { cliFixture } from '../support/cli-harness.ts';
import { motoClientConfig, motoInEnvironment } from '../support/moto.ts';
import { createRegistryTable } from '../support/registry-table.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

const fixture = cliFixture('bcship-rollback-');
const { bcship } = fixture;
const methodNames = () =>
  Object.values(fixture.sandbox.state('sandbox').methodsByZone)
    .flat()
    .map((method) => method.name);

/** flat-rate creates Flat Rate in zone 1 and International Flat Rate in zone 3. */
const FAULTS = {
  rules: [
    // The run fails: zone 3's create is refused.
    { kind: '422' as const, times: 1, methods: ['POST'], path: '/shipping/zones/3/methods' },
    // Its rollback fails too: deleting zone 1's new method is refused once.
    { kind: '422' as const, times: 1, methods: ['DELETE'], path: '/shipping/zones/1/methods/' },
  ],
};

describe('bcship rollback (local)', () => {
  it('a rollback that failed is listed with the command that finishes it, which then restores the store', async () => {
    await fixture.start({ faults: FAULTS });
    // Registered (as an earlier run of a named profile would have), so that `status` shows its last run.
    await openJsonRegistry(`${fixture.home}/registry.json`).stores.registerStore('sandbox', 'flat-rate');

    const failed = await bcship('onboard --profile flat-rate --rollback');

    expect(failed.code).toBe(1);
    expect(failed.err).toContain('Rolling back failed too: BigCommerceRejected');
    expect(failed.err).toContain('delete method Flat Rate (perorder) created in zone United States #1');
    const command = /Finish the rollback with: (bcship rollback --store sandbox --execution (\S+))/.exec(
      failed.err,
    );
    expect(command).not.toBeNull();
    const executionId = command?.[2] ?? '';
    const [record] = openJsonRegistry(`${fixture.home}/registry.json`).stores.runsOf('sandbox');
    expect(record?.notUndone).toContainEqual({
      kind: 'delete-created',
      description: 'delete method Flat Rate (perorder) created in zone United States #1',
    });
    expect(methodNames()).toContain('Flat Rate');
    const status = await bcship('status --store sandbox');
    expect(status.out).toContain(`change(s) not undone; finish with: ${command?.[1]}`);

    const finished = await bcship(`rollback --store sandbox --execution ${executionId}`);

    expect(finished.code).toBe(0);
    expect(finished.out).toContain('✔ delete method Flat Rate (perorder) created in zone United States #1');
    expect(finished.out).toContain('Rolled back: every journalled change');
    expect(methodNames()).toEqual([]);

    const again = await bcship(`rollback --store sandbox --execution ${executionId} --json`);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ undone: [], notUndone: [] });
  });

  it('lists what is still left and exits 1 when the re-run cannot finish either', async () => {
    await fixture.start({ faults: FAULTS });
    const failed = await bcship('onboard --profile flat-rate --rollback');
    const executionId = /--execution (\S+)/.exec(failed.err)?.[1] ?? '';
    fixture.sandbox.setFaults({ rules: [{ kind: '422', methods: ['DELETE'], probability: 1 }] });

    const stuck = await bcship(`rollback --store sandbox --execution ${executionId}`);

    expect(stuck.code).toBe(1);
    expect(stuck.err).toContain('BigCommerceRejected');
    expect(stuck.err).toContain('✖ delete method Flat Rate (perorder) created in zone United States #1');
    expect(stuck.err).toContain('Run the same command again');
  });

  it('leaves the store alone while another run holds its lease, and says which', async () => {
    await fixture.start({ faults: FAULTS });
    const failed = await bcship('onboard --profile flat-rate --rollback');
    const executionId = /--execution (\S+)/.exec(failed.err)?.[1] ?? '';
    await openJsonRegistry(`${fixture.home}/registry.json`).leases.acquire('sandbox', 'applying-now', 600);

    const busy = await bcship(`rollback --store sandbox --execution ${executionId}`);

    expect(busy.code).toBe(1);
    expect(busy.err).toContain('StoreBusy: Store sandbox is being changed by execution applying-now');
    expect(busy.err).toContain('✖ delete method Flat Rate (perorder) created in zone United States #1');
    expect(methodNames()).toContain('Flat Rate');
  });

  it('needs the execution, exit 2', async () => {
    await fixture.start();
    const result = await bcship('rollback --store sandbox');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--execution');
  });

  it('refuses an execution the store has neither a journal nor a run of, exit 2', async () => {
    await fixture.start();
    await bcship('onboard --profile flat-rate');

    const result = await bcship('rollback --store sandbox --execution no-such-run');

    expect(result.code).toBe(2);
    expect(result.err).toContain(
      '--execution: store sandbox has neither a journal nor a run of execution no-such-run',
    );
    expect(methodNames()).toEqual(['Flat Rate', 'International Flat Rate']);
  });

  it('an execution that changed nothing has nothing to undo, exit 0', async () => {
    await fixture.start();
    await bcship('onboard --profile flat-rate');
    const inSync = await bcship('onboard --profile flat-rate --json');
    const executionId = JSON.parse(inSync.out).executionName;

    const result = await bcship(`rollback --store sandbox --execution ${executionId}`);

    expect(result.code).toBe(0);
    expect(result.out).toContain('Nothing to undo');
  });
});

describe('bcship rollback --aws', () => {
  const moto = motoInEnvironment();

  it('undoes the journal in the deployed table with the store’s token from Secrets Manager', async () => {
    const sandbox = await fixture.start({
      seed: {
        stores: [
          {
            hash: 'sandbox',
            token: 'deployed-token',
            zones: [
              {
                id: 1,
                name: 'United States',
                type: 'country',
                locations: [{ country_iso2: 'US' }],
                methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }],
              },
            ],
          },
        ],
      },
    });
    const table = await createRegistryTable(moto().endpoint);
    await new SecretsManagerClient(motoClientConfig(moto().endpoint)).send(
      new CreateSecretCommand({
        Name: 'bcship/stores/sandbox',
        SecretString: JSON.stringify({ accessToken: 'deployed-token' }),
      }),
    );
    const journal = createDynamoJournal(table);
    await journal.append('sandbox', 'failed-run', [
      { kind: 'delete-created', zoneId: 1, zoneName: 'United States', type: 'perorder', name: 'Flat Rate' },
    ]);

    const result = await bcship(
      `rollback --aws --table ${table.tableName} --store sandbox --execution failed-run`,
      {
        env: { BC_ACCESS_TOKEN: '', BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2` },
      },
    );

    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(methodNames()).toEqual([]);
    expect((await journal.read('sandbox', 'failed-run')).map((record) => record.undone)).toEqual([true]);
    expect(await createDynamoLease(table).holder('sandbox')).toBeUndefined();
  });

  it('bcship status --aws names the command for the deployed table under a run that left changes', async () => {
    await fixture.start();
    const table = await createRegistryTable(moto().endpoint);
    const stores = createDynamoStoreRegistry(table);
    await stores.registerStore('sandbox', 'us-standard');
    await stores.recordRun({
      storeHash: 'sandbox',
      profileName: 'us-standard',
      mode: 'apply',
      outcome: 'failed',
      executionId: 'failed-run',
      trigger: { kind: 'manual' },
      finishedAt: '2026-12-02T06:00:00.000Z',
      changes: [],
      mismatches: [],
      notUndone: [
        { kind: 'delete-created', description: 'delete method Flat Rate (perorder) created in zone US #1' },
      ],
    });

    const result = await bcship(`status --aws --table ${table.tableName} --store sandbox`);

    expect(result.code).toBe(0);
    expect(result.out).toContain(
      `1 change(s) not undone; finish with: bcship rollback --store sandbox --execution failed-run --aws --table ${table.tableName}`,
    );
  });
});
