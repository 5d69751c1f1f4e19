/** EventsPort on Amazon EventBridge: one PutEvents entry per run outcome, source `bcship`. */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EventsPort } from './ports.ts';

export const EVENT_SOURCE = 'bcship';

export interface EventBridgeEventsOptions {
  client: EventBridgeClient;
  /** `EVENT_BUS_NAME`. */
  eventBusName: string;
}

export function createEventBridgeEvents({ client, eventBusName }: EventBridgeEventsOptions): EventsPort {
  return {
    async publish(detailType, detail) {
      // Imported here rather than with the module, so that only a function that publishes loads the SDK.
      const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
      const result = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: EVENT_SOURCE,
              DetailType: detailType,
              Detail: JSON.stringify(detail),
              EventBusName: eventBusName,
            },
          ],
        }),
      );
      // PutEvents reports a rejected entry in the response, not as an exception.
      if ((result.FailedEntryCount ?? 0) > 0) {
        const entry = result.Entries?.find((e) => e.ErrorCode !== undefined);
        throw new Error(
          `EventBridge rejected the ${detailType} event on bus ${eventBusName}: ` +
            `${entry?.ErrorCode ?? 'unknown error'}${entry?.ErrorMessage ? ` (${entry.ErrorMessage})` : ''}`,
        );
      }
    },
  };
}
