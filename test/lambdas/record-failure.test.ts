import { describe, expect, test } from 'vitest';
import { runOperation } from '../../lambdas/operations/operation.ts';
import { recordFailure, recordRunFailure } from '../../lambdas/operations/record-failure.ts';
import { InvalidInput } from '../../lambdas/shipping/errors.ts';
import { memoryDeps } from '../support/memory-deps.ts';

const deps = () => memoryDeps({ apiUrl: 'http://127.0.0.1:9/unused' });
const NOW = () => new Date('2026-11-22T10:00:00.000Z');

const lambdaCause = JSON.stringify({
  errorType: 'UnknownZone',
  errorMessage: 'Zone selector { name: Atlantis } matches no zone of the store',
  trace: ['UnknownZone: Zone selector …', '    at resolveZones (/var/task/index.mjs:1:2)'],
});

const runState = {
  storeHash: 'abc123',
  mode: 'apply',
  rollback: true,
  trigger: { kind: 'webhook', id: 'hook-9' },
  profileName: 'us-standard',
  prune: false,
  carriers: [],
  zones: [],
  connected: { actions: [] },
  applied: [],
  verification: null,
};

describe('recordFailure', () => {
  test('turns a Lambda error cause into its message, without the stack trace', async () => {
    const result = await recordRunFailure(
      { state: { ...runState, error: { Error: 'UnknownZone', Cause: lambdaCause } }, executionId: 'run-1' },
      deps(),
      NOW,
    );
    expect(result).toEqual({
      failure: {
        error: 'UnknownZone',
        cause: 'Zone selector { name: Atlantis } matches no zone of the store',
      },
      rolledBack: false,
    });
  });

  test('keeps a plain-text cause as it is', async () => {
    const result = await recordRunFailure(
      {
        state: { ...runState, error: { Error: 'States.Timeout', Cause: 'Task timed out after 60 seconds' } },
        executionId: 'run-1',
      },
      deps(),
      NOW,
    );
    expect(result.failure.cause).toBe('Task timed out after 60 seconds');
  });

  test('uses the error name when there is no cause', async () => {
    const result = await recordRunFailure(
      { state: { ...runState, error: { Error: 'States.Runtime' } }, executionId: 'run-1' },
      deps(),
      NOW,
    );
    expect(result.failure).toEqual({ error: 'States.Runtime', cause: 'States.Runtime' });
  });

  test('records a failed run and publishes bcship.run.failed', async () => {
    const d = deps();
    await recordRunFailure(
      { state: { ...runState, error: { Error: 'UnknownZone', Cause: lambdaCause } }, executionId: 'run-1' },
      d,
      NOW,
    );
    expect(d.stores.runsOf('abc123')).toEqual([
      expect.objectContaining({
        storeHash: 'abc123',
        profileName: 'us-standard',
        outcome: 'failed',
        executionId: 'run-1',
        trigger: { kind: 'webhook', id: 'hook-9' },
        error: {
          name: 'UnknownZone',
          message: 'Zone selector { name: Atlantis } matches no zone of the store',
        },
      }),
    ]);
    expect(d.events.published.map((e) => e.detailType)).toEqual(['bcship.run.failed']);
    expect(d.events.published[0]?.detail).toMatchObject({ outcome: 'failed', rolledBack: false });
  });

  test('records a store found busy as busy, not failed, and publishes bcship.run.busy', async () => {
    const d = deps();
    await recordRunFailure(
      {
        state: {
          ...runState,
          mode: 'verify',
          trigger: { kind: 'schedule', id: '2026-11-22T03:00:00Z' },
          error: { Error: 'StoreBusy', Cause: 'Store abc123 is busy: another run holds its lease' },
        },
        executionId: 'run-2',
      },
      d,
      NOW,
    );
    expect(d.stores.runsOf('abc123')).toEqual([expect.objectContaining({ outcome: 'busy', mode: 'verify' })]);
    expect(d.events.published.map((e) => e.detailType)).toEqual(['bcship.run.busy']);
    expect(d.events.published[0]?.detail).toMatchObject({ outcome: 'busy', executionId: 'run-2' });
  });

  test('records a rolled-back run when the state machine rolled back first', async () => {
    const d = deps();
    const result = await recordRunFailure(
      {
        state: {
          ...runState,
          error: { Error: 'VerificationMismatch', Cause: 'differs' },
          rolledBack: { undone: 3 },
        },
        executionId: 'run-1',
      },
      d,
      NOW,
    );
    expect(result.rolledBack).toBe(true);
    expect(d.stores.runsOf('abc123')[0]?.outcome).toBe('rolled-back');
    expect(d.events.published[0]?.detailType).toBe('bcship.run.failed');
  });

  test('a rollback that failed too: the record and the cause list what was not undone, and the command that finishes it', async () => {
    const d = deps();
    const created = {
      kind: 'delete-created' as const,
      zoneId: 1,
      zoneName: 'United States',
      type: 'perorder',
      name: 'Flat Rate',
    };
    const updated = {
      kind: 'restore-updated' as const,
      zoneId: 2,
      zoneName: 'Canada',
      methodId: 12,
      body: { name: 'Per Item', type: 'peritem', settings: { rate: 2 } },
    };
    await d.journal.append('abc123', 'run-1', [
      created,
      updated,
      { kind: 'disconnect-connected', carrierId: 'endicia' },
    ]);
    const [, , connected] = await d.journal.read('abc123', 'run-1');
    await d.journal.markUndone('abc123', 'run-1', connected?.key ?? '');
    const rollbackError = { Error: 'BigCommerceUnavailable', Cause: 'BigCommerce answered 503' };
    const result = await recordRunFailure(
      { state: { ...runState, error: { Error: 'UnknownZone' }, rollbackError }, executionId: 'run-1' },
      d,
      NOW,
    );
    const notUndone = [
      { kind: 'restore-updated', description: 'restore method Per Item (peritem) #12 in zone Canada #2' },
      {
        kind: 'delete-created',
        description: 'delete method Flat Rate (perorder) created in zone United States #1',
      },
    ];
    expect(d.stores.runsOf('abc123')[0]?.notUndone).toEqual(notUndone);
    expect(result.failure.cause.split('\n')).toEqual([
      'UnknownZone',
      'Rolling back failed too: BigCommerceUnavailable: BigCommerce answered 503',
      'Not undone (2), newest first:',
      ...notUndone.map((change) => `  - ${change.description}`),
      'Finish the rollback with: bcship rollback --store abc123 --execution run-1',
    ]);
    expect(d.stores.runsOf('abc123')[0]?.error?.message).toBe(result.failure.cause);
  });

  test('a rollback that left many changes: the cause lists the newest 20 and their number, the record 100', async () => {
    const d = deps();
    const created = (index: number) => ({
      kind: 'delete-created' as const,
      zoneId: 1,
      zoneName: 'United States',
      type: 'perorder',
      name: `Method ${index}`,
    });
    await d.journal.append(
      'abc123',
      'run-1',
      Array.from({ length: 130 }, (_, index) => created(index)),
    );
    const rollbackError = { Error: 'BigCommerceUnavailable', Cause: 'BigCommerce answered 503' };
    const result = await recordRunFailure(
      { state: { ...runState, error: { Error: 'UnknownZone' }, rollbackError }, executionId: 'run-1' },
      d,
      NOW,
    );
    const lines = result.failure.cause.split('\n');
    expect(lines).toContain('Not undone (130), newest first:');
    expect(lines.filter((line) => line.startsWith('  - '))).toHaveLength(20);
    expect(lines).toContain('  - delete method Method 129 (perorder) created in zone United States #1');
    expect(lines).toContain('  … and 110 more, which bcship rollback lists');
    expect(d.stores.runsOf('abc123')[0]?.notUndone).toHaveLength(100);
  });

  test('records a run that failed on its raw execution input, naming the requested profile', async () => {
    const d = deps();
    await recordRunFailure(
      {
        state: {
          storeHash: 'abc123',
          profile: 'multi-zone',
          mode: 'plan',
          error: { Error: 'InvalidProfile', Cause: 'bad' },
        },
        executionId: 'run-1',
      },
      d,
      NOW,
    );
    expect(d.stores.runsOf('abc123')[0]).toMatchObject({
      storeHash: 'abc123',
      profileName: 'multi-zone',
      mode: 'plan',
    });
  });

  test('gives back the lease of a run that failed in ResolveZones on an upper-case store hash', async () => {
    const d = deps();
    // ResolveZones took the lease under the lower-case hash; the failed run's state is the raw input.
    await d.leases.acquire('abc123', 'run-1', 600);
    await recordRunFailure(
      {
        state: { storeHash: 'ABC123', profile: 'us-standard', error: { Error: 'BigCommerceUnavailable' } },
        executionId: 'run-1',
      },
      d,
      NOW,
    );
    expect(d.registryFile.contents().leases).toEqual({});
    expect(d.stores.runsOf('abc123')).toHaveLength(1);
  });

  test('publishes but stores nothing when the input had no usable store hash', async () => {
    const d = deps();
    await recordRunFailure(
      {
        state: { storeHash: 'no such store!', error: { Error: 'InvalidInput', Cause: 'storeHash: bad' } },
        executionId: 'run-1',
      },
      d,
      NOW,
    );
    expect(d.registryFile.contents().runs).toEqual([]);
    expect(d.events.published).toHaveLength(1);
  });

  test('rejects a state without the caught error, naming the field', async () => {
    await expect(
      runOperation(recordFailure, { state: runState, executionId: 'run-1' }, deps()),
    ).rejects.toThrow(InvalidInput);
    await expect(
      runOperation(recordFailure, { state: runState, executionId: 'run-1' }, deps()),
    ).rejects.toThrow(/state\.error/);
  });

  test('gives back the lease its execution took, so the store is free for the next run', async () => {
    const d = deps();
    await d.leases.acquire('abc123', 'run-1', 600);
    await recordRunFailure(
      {
        state: { ...runState, error: { Error: 'BigCommerceRejected', Cause: 'refused' } },
        executionId: 'run-1',
      },
      d,
      NOW,
    );
    expect(d.registryFile.contents().leases).toEqual({});
  });

  test('leaves the lease of the execution that made this one find the store busy', async () => {
    const d = deps();
    await d.leases.acquire('abc123', 'run-holding', 600);
    await recordRunFailure(
      { state: { ...runState, error: { Error: 'StoreBusy', Cause: 'busy' } }, executionId: 'run-waiting' },
      d,
      NOW,
    );
    expect(d.registryFile.contents().leases.abc123?.executionId).toBe('run-holding');
  });

  test('publishes the compact run detail with the error, its message bounded', async () => {
    const d = deps();
    const longCause = JSON.stringify({ errorType: 'VerificationMismatch', errorMessage: 'x'.repeat(40_000) });
    await recordRunFailure(
      {
        state: { ...runState, error: { Error: 'VerificationMismatch', Cause: longCause } },
        executionId: 'run-1',
      },
      d,
      NOW,
    );
    const detail = d.events.published[0]?.detail as { error: { name: string; message: string } };
    expect(detail).toMatchObject({
      storeHash: 'abc123',
      outcome: 'failed',
      executionId: 'run-1',
      changes: { total: 0 },
      rolledBack: false,
    });
    expect(detail.error.name).toBe('VerificationMismatch');
    expect(detail.error.message.length).toBeLessThanOrEqual(2_000);
    expect(d.stores.runsOf('abc123')[0]?.error?.message).toHaveLength(40_000);
  });
});
