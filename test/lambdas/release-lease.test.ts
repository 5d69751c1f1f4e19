import { describe, expect, test } from 'vitest';
import { releaseLease } from '../../lambdas/operations/release-lease.ts';
import { type JsonRegistry, openJsonRegistry } from '../../local/platform/json-registry.ts';
import { MemoryEvents } from '../../local/platform/memory-events.ts';

const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard';

/** A "Step Functions Execution Status Change" event as EventBridge delivers it. */
function statusChange(detail: Record<string, unknown> = {}) {
  return {
    version: '0',
    id: '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: '123456789012',
    time: '2026-11-22T10:00:00Z',
    region: 'us-east-1',
    resources: [`${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:exec-1`],
    detail: {
      executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:exec-1`,
      stateMachineArn: STATE_MACHINE,
      name: 'exec-1',
      status: 'ABORTED',
      startDate: 1_795_000_000_000,
      stopDate: 1_795_000_600_000,
      input: JSON.stringify({ storeHash: 'abc123', profile: 'us-standard' }),
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      ...detail,
    },
  };
}

/** The adapters release-lease uses, over `registry`, with the events it publishes kept. */
const published = new Map<JsonRegistry, MemoryEvents>();
function depsOf(registry: JsonRegistry) {
  const events = published.get(registry) ?? new MemoryEvents();
  published.set(registry, events);
  return { leases: registry.leases, stores: registry.stores, events };
}

async function heldBy(executionId: string) {
  const registry = openJsonRegistry();
  await registry.leases.acquire('abc123', executionId, 600);
  return registry;
}

describe('releaseLease', () => {
  test.each(['ABORTED', 'TIMED_OUT', 'FAILED'])(
    'gives back the lease of an execution that ended %s',
    async (status) => {
      const registry = await heldBy('exec-1');
      const result = await releaseLease.run(statusChange({ status }), depsOf(registry));
      expect(result).toEqual({
        outcome: 'released',
        storeHash: 'abc123',
        executionName: 'exec-1',
        status,
        recorded: true,
      });
      expect((await registry.leases.holder('abc123'))?.executionId).toBeUndefined();
    },
  );

  test('leaves a lease another execution holds', async () => {
    const registry = await heldBy('exec-2');
    await releaseLease.run(statusChange(), depsOf(registry));
    expect((await registry.leases.holder('abc123'))?.executionId).toBe('exec-2');
  });

  test('does nothing for an execution whose lease was already given back, or never taken', async () => {
    const registry = openJsonRegistry();
    await expect(releaseLease.run(statusChange(), depsOf(registry))).resolves.toMatchObject({
      outcome: 'released',
    });
    expect(registry.file.contents().leases).toEqual({});
  });

  test('reads an upper-case store hash in the input as the lower-case one the lease was taken under', async () => {
    const registry = await heldBy('exec-1');
    const input = JSON.stringify({ storeHash: 'ABC123', profile: 'us-standard' });
    await releaseLease.run(statusChange({ input }), depsOf(registry));
    expect((await registry.leases.holder('abc123'))?.executionId).toBeUndefined();
  });

  test('leaves the lease of an execution still running, whatever routed the event here', async () => {
    const registry = await heldBy('exec-1');
    const result = await releaseLease.run(statusChange({ status: 'RUNNING' }), depsOf(registry));
    expect(result).toMatchObject({ outcome: 'ignored', reason: 'status RUNNING does not end a lease' });
    expect((await registry.leases.holder('abc123'))?.executionId).toBe('exec-1');
  });

  test.each([
    ['input that is not JSON', { input: '{"storeHash": "abc1' }],
    ['input without a store hash', { input: JSON.stringify({ profile: 'us-standard' }) }],
    ['input with a store hash that is not one', { input: JSON.stringify({ storeHash: 'no such store!' }) }],
    ['input that is not an object', { input: '"abc123"' }],
    ['input left out of the event, as a large one is', { input: null, inputDetails: { included: false } }],
  ])('acknowledges an execution with %s, saying why, and changes nothing', async (_, detail) => {
    const registry = await heldBy('exec-1');
    const result = await releaseLease.run(statusChange(detail), depsOf(registry));
    expect(result).toEqual({
      outcome: 'ignored',
      reason: 'neither the execution input nor its name names a store',
      executionName: 'exec-1',
      status: 'ABORTED',
    });
    expect((await registry.leases.holder('abc123'))?.executionId).toBe('exec-1');
  });

  test.each([
    ['no detail', {}],
    ['a detail without the execution name', { detail: { status: 'ABORTED', input: '{}' } }],
    ['nothing at all', undefined],
  ])('acknowledges an event with %s as not a status change', async (_, event) => {
    const registry = await heldBy('exec-1');
    await expect(releaseLease.run(event, depsOf(registry))).resolves.toEqual({
      outcome: 'ignored',
      reason: 'not a Step Functions execution status change',
    });
    expect((await registry.leases.holder('abc123'))?.executionId).toBe('exec-1');
  });

  test('lets a registry failure through, so the event is retried and then dead-lettered', async () => {
    const registry = await heldBy('exec-1');
    registry.leases.release = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await expect(releaseLease.run(statusChange(), depsOf(registry))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  test('records an end nothing recorded as a failed run, with Step Functions’ error, and publishes it once', async () => {
    const registry = await heldBy('exec-1');
    const deps = depsOf(registry);
    const cause =
      "The state/task 'ApplyZones' returned a result with a size exceeding the maximum number of bytes service limit.";
    const change = statusChange({ status: 'FAILED', error: 'States.DataLimitExceeded', cause });

    await releaseLease.run(change, deps);
    const again = await releaseLease.run(change, deps);

    const runs = registry.stores.runsOf('abc123');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      executionId: 'exec-1',
      outcome: 'failed',
      profileName: 'us-standard',
      finishedAt: new Date(1_795_000_600_000).toISOString(),
      error: { name: 'States.DataLimitExceeded', message: cause },
    });
    expect(deps.events.published.map((e) => e.detailType)).toEqual(['bcship.run.failed']);
    expect(deps.events.published[0]?.detail).toMatchObject({
      eventId: 'exec-1/failed',
      executionId: 'exec-1',
    });
    expect(again).toMatchObject({ outcome: 'released', recorded: false });
  });

  test.each([
    ['TIMED_OUT', 'States.Timeout'],
    ['ABORTED', 'States.Aborted'],
  ])('records an execution that ended %s as failed with %s', async (status, error) => {
    const registry = await heldBy('exec-1');

    await releaseLease.run(statusChange({ status }), depsOf(registry));

    expect(registry.stores.runsOf('abc123')[0]?.error?.name).toBe(error);
  });

  test('does not record again an execution whose RecordFailure recorded it', async () => {
    const registry = await heldBy('exec-1');
    const deps = depsOf(registry);
    await registry.stores.recordRun({
      storeHash: 'abc123',
      profileName: 'us-standard',
      mode: 'apply',
      outcome: 'failed',
      executionId: 'exec-1',
      trigger: { kind: 'cli' },
      finishedAt: new Date(1_795_000_500_000).toISOString(),
      changes: [],
      mismatches: [],
      error: { name: 'UnknownZone', message: 'no zone Atlantis' },
    });

    const result = await releaseLease.run(statusChange({ status: 'FAILED', error: 'UnknownZone' }), deps);

    expect(result).toMatchObject({ outcome: 'released', recorded: false });
    expect(registry.stores.runsOf('abc123')).toHaveLength(1);
    expect(deps.events.published).toEqual([]);
    expect((await registry.leases.holder('abc123'))?.executionId).toBeUndefined();
  });

  test('reads the store and mode from the execution name when the event left the input out', async () => {
    const name = 'bcship-abc123-verify-0123456789ab-2026112210';
    const registry = await heldBy(name);

    const result = await releaseLease.run(
      statusChange({ name, status: 'TIMED_OUT', input: null, inputDetails: { included: false } }),
      depsOf(registry),
    );

    expect(result).toMatchObject({ outcome: 'released', storeHash: 'abc123', recorded: true });
    expect(await registry.leases.holder('abc123')).toBeUndefined();
    expect(registry.stores.runsOf('abc123')[0]).toMatchObject({ mode: 'verify', executionId: name });
  });
});
