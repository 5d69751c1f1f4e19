import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createEventBridgeEvents } from '../../../lambdas/platform/aws-events.ts';

const eventBridge = mockClient(EventBridgeClient);
afterEach(() => eventBridge.reset());

const events = () =>
  createEventBridgeEvents({
    client: new EventBridgeClient({ region: 'us-east-1' }),
    eventBusName: 'bcship-bus',
  });

describe('EventBridge events', () => {
  test('puts one entry from source bcship on the configured bus with the detail as JSON', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await events().publish('bcship.run.succeeded', { storeHash: 'abc123', outcome: 'succeeded' });
    expect(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input).toEqual({
      Entries: [
        {
          Source: 'bcship',
          DetailType: 'bcship.run.succeeded',
          Detail: '{"storeHash":"abc123","outcome":"succeeded"}',
          EventBusName: 'bcship-bus',
        },
      ],
    });
  });

  test('fails when EventBridge reports the entry as not accepted', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    await expect(events().publish('bcship.run.failed', {})).rejects.toThrow(
      'EventBridge rejected the bcship.run.failed event on bus bcship-bus: InternalFailure (try again)',
    );
  });
});
