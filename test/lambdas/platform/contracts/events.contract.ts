/** What every EventsPort does: a published event reaches its subscribers with its detail type and detail. */
import { beforeEach, describe, expect, test } from 'vitest';
import type { EventsPort } from '../../../../lambdas/platform/ports.ts';

interface ReceivedEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

interface EventsHarness {
  events: EventsPort;
  /** The events a subscriber has received so far, once `count` of them have arrived. */
  received(count: number): Promise<ReceivedEvent[]>;
}

/** An events port and a subscriber that has received nothing yet. */
export type EventsFactory = () => Promise<EventsHarness>;

export function describeEventsContract(adapterName: string, factory: EventsFactory): void {
  describe(`${adapterName} (EventsPort contract)`, () => {
    let harness: EventsHarness;
    beforeEach(async () => {
      harness = await factory();
    });

    test('a published event arrives with its detail type and detail', async () => {
      const detail = { storeHash: 'abc123', outcome: 'succeeded', changes: 2, trigger: { kind: 'webhook' } };
      await harness.events.publish('bcship.run.succeeded', detail);
      expect(await harness.received(1)).toEqual([{ detailType: 'bcship.run.succeeded', detail }]);
    });

    test('each of several events arrives', async () => {
      await harness.events.publish('bcship.run.failed', { storeHash: 'abc123' });
      await harness.events.publish('bcship.run.drifted', { storeHash: 'def456' });
      const received = await harness.received(2);
      expect(received.map((e) => e.detailType).sort()).toEqual(['bcship.run.drifted', 'bcship.run.failed']);
    });
  });
}
