import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEventBridgeEvents, EVENT_SOURCE } from '../../../lambdas/platform/aws-events.ts';
import { type Moto, motoClientConfig, startMoto } from '../../support/moto.ts';
import { describeEventsContract } from './contracts/events.contract.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

interface EventMessage {
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
}

/**
 * An SQS action through its JSON protocol: the stack needs no SQS client, so the tests speak to moto's
 * queue directly.
 */
async function sqs<T>(action: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${action}`,
      // moto tells the services apart by the credential scope of a request's signature, which it does not check.
      authorization:
        'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`SQS ${action} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

let buses = 0;

/** A new event bus whose bcship events a rule sends to a new queue, and the messages that queue received. */
async function busWithQueue() {
  const config = motoClientConfig(moto.endpoint);
  const eventBridge = new EventBridgeClient(config);
  const eventBusName = `bcship-bus-${++buses}`;
  await eventBridge.send(new CreateEventBusCommand({ Name: eventBusName }));
  const { QueueUrl } = await sqs<{ QueueUrl: string }>('CreateQueue', {
    QueueName: `${eventBusName}-events`,
  });
  const { Attributes } = await sqs<{ Attributes: { QueueArn: string } }>('GetQueueAttributes', {
    QueueUrl,
    AttributeNames: ['QueueArn'],
  });
  const rule = { Name: 'runs', EventBusName: eventBusName };
  await eventBridge.send(
    new PutRuleCommand({ ...rule, EventPattern: JSON.stringify({ source: [EVENT_SOURCE] }) }),
  );
  await eventBridge.send(
    new PutTargetsCommand({
      Rule: rule.Name,
      EventBusName: eventBusName,
      Targets: [{ Id: 'queue', Arn: Attributes.QueueArn }],
    }),
  );
  const messages: EventMessage[] = [];
  const received = async (count: number) => {
    const deadline = Date.now() + 5_000;
    while (messages.length < count && Date.now() < deadline) {
      const { Messages = [] } = await sqs<{ Messages?: { Body: string }[] }>('ReceiveMessage', {
        QueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      });
      messages.push(...Messages.map((m) => JSON.parse(m.Body) as EventMessage));
    }
    return messages;
  };
  return { events: createEventBridgeEvents({ client: eventBridge, eventBusName }), received };
}

describeEventsContract('EventBridge events on moto', async () => {
  const { events, received } = await busWithQueue();
  return {
    events,
    received: async (count) =>
      (await received(count)).map((m) => ({ detailType: m['detail-type'], detail: m.detail })),
  };
});

test('an event is published on the configured bus from source bcship', async () => {
  const { events, received } = await busWithQueue();
  await events.publish('bcship.run.succeeded', { storeHash: 'abc123' });
  expect(await received(1)).toMatchObject([{ source: 'bcship', 'detail-type': 'bcship.run.succeeded' }]);
});
