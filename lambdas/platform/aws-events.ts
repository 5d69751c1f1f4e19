/** EventsPort on Amazon EventBridge: one PutEvents entry per run outcome, source `bcship`. */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { EventsPort } from './ports.ts';

export const EVENT_SOURCE = 'bcship';

export interface EventBridgeEventsOptions {
  client: EventBridgeClient;
  /** `EVENT_BUS_NAME`. */
  eventBusName: string;
  /** Waits between sends of a rejected entry (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
}

/** Sends of one entry EventBridge rejected (PutEvents reports it in the response, not as an exception). */
const ENTRY_ATTEMPTS = 4;
const ENTRY_RETRY_BASE_MS = 100;

/**
 * An entry EventBridge still rejected after its sends. Named after EventBridge's error code when that is
 * throttling, so the state machine's AWS throttling Retry matches it; otherwise retryable by name too
 * (`EventsRejected` is among the Task retries): a run that applied and verified must not fail on its event.
 */
class EventsRejected extends Error {
  override readonly name: string;
  constructor(message: string, errorCode: string | undefined) {
    super(message);
    this.name = errorCode === 'ThrottlingException' ? 'ThrottlingException' : 'EventsRejected';
  }
}

export function createEventBridgeEvents(options: EventBridgeEventsOptions): EventsPort {
  const { client, eventBusName } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  return {
    async publish(detailType, detail) {
      // Imported here rather than with the module, so that only a function that publishes loads the SDK.
      const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
      const entry = {
        Source: EVENT_SOURCE,
        DetailType: detailType,
        Detail: JSON.stringify(detail),
        EventBusName: eventBusName,
      };
      let rejected: { ErrorCode?: string | undefined; ErrorMessage?: string | undefined } | undefined;
      for (let attempt = 1; attempt <= ENTRY_ATTEMPTS; attempt++) {
        if (attempt > 1) await sleep(ENTRY_RETRY_BASE_MS * 2 ** (attempt - 2));
        const result = await client.send(new PutEventsCommand({ Entries: [entry] }));
        if ((result.FailedEntryCount ?? 0) === 0) return;
        rejected = result.Entries?.find((e) => e.ErrorCode !== undefined);
      }
      throw new EventsRejected(
        `EventBridge rejected the ${detailType} event on bus ${eventBusName} ${ENTRY_ATTEMPTS} times: ` +
          `${rejected?.ErrorCode ?? 'unknown error'}${rejected?.ErrorMessage ? ` (${rejected.ErrorMessage})` : ''}`,
        rejected?.ErrorCode,
      );
    },
  };
}
