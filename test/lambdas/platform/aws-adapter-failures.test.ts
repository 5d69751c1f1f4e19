/**
 * Failures an emulator does not produce (throttling, a refused permission, an entry EventBridge could not
 * take): the AWS adapters let them through rather than mistaking them for an answer. Everything an emulator
 * can show is in the contract tests against moto.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createDocumentClient } from '../../../lambdas/platform/aws-document-client.ts';
import { createEventBridgeEvents } from '../../../lambdas/platform/aws-events.ts';
import { createStepFunctionsStarter } from '../../../lambdas/platform/aws-execution-starter.ts';
import { createDynamoLease } from '../../../lambdas/platform/aws-lease.ts';
import { createSecretsManagerSecrets } from '../../../lambdas/platform/aws-secrets.ts';
import { createDynamoStoreRegistry } from '../../../lambdas/platform/aws-store-registry.ts';
import { MissingSecret } from '../../../lambdas/platform/ports.ts';
import { TASK_RETRY_POLICIES } from '../../../lib/retry-policies.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
const secretsManager = mockClient(SecretsManagerClient);
const sfn = mockClient(SFNClient);
afterEach(() => {
  for (const mock of [dynamo, eventBridge, secretsManager, sfn]) mock.reset();
});

const region = 'us-east-1';
const table = {
  client: await createDocumentClient(new DynamoDBClient({ region })),
  tableName: 'bcship-registry',
};
const throttled = () => new Error('ProvisionedThroughputExceededException: slow down');

describe('DynamoDB lease', () => {
  test('lets other failures of taking a lease through', async () => {
    dynamo.on(PutCommand).rejects(throttled());
    await expect(createDynamoLease(table).acquire('abc123', 'exec-1', 600)).rejects.toThrow(/slow down/);
  });

  test('lets other failures of releasing a lease through', async () => {
    dynamo.on(UpdateCommand).rejects(throttled());
    await expect(createDynamoLease(table).release('abc123', 'exec-1')).rejects.toThrow(/slow down/);
  });

  test('a failed condition is the answer, not a failure', async () => {
    dynamo
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect(await createDynamoLease(table).acquire('abc123', 'exec-2', 600)).toBe(false);
  });
});

describe('DynamoDB store registry', () => {
  test('lets other failures of forgetting carriers through', async () => {
    dynamo.on(UpdateCommand).rejects(throttled());
    await expect(
      createDynamoStoreRegistry(table).markCarriersDisconnected('abc123', ['endicia']),
    ).rejects.toThrow(/slow down/);
  });
});

describe('EventBridge events', () => {
  test('sends a rejected entry again, and succeeds once EventBridge accepts it', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const events = createEventBridgeEvents({
      client: new EventBridgeClient({ region }),
      eventBusName: 'bcship-bus',
      sleep: async () => {},
    });
    await expect(events.publish('bcship.run.failed', {})).resolves.toBeUndefined();
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
  });

  test('fails with a retryable error when EventBridge keeps rejecting the entry', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    const events = createEventBridgeEvents({
      client: new EventBridgeClient({ region }),
      eventBusName: 'bcship-bus',
      sleep: async () => {},
    });
    const error = (await events.publish('bcship.run.failed', {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'EventBridge rejected the bcship.run.failed event on bus bcship-bus 4 times: InternalFailure (try again)',
    );
    expect(error.name).toBe('EventsRejected');
    expect(TASK_RETRY_POLICIES.some((policy) => policy.errors?.includes('EventsRejected'))).toBe(true);
  });

  test('names a throttled entry ThrottlingException, as the AWS throttling Retry expects', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    const events = createEventBridgeEvents({
      client: new EventBridgeClient({ region }),
      eventBusName: 'bcship-bus',
      sleep: async () => {},
    });
    await expect(events.publish('bcship.run.succeeded', {})).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });
});

describe('Secrets Manager secrets', () => {
  test('lets other Secrets Manager failures through', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException: not allowed'));
    const secrets = createSecretsManagerSecrets({
      storePrefix: 'bcship/stores',
      client: new SecretsManagerClient({ region }),
    });
    const error = await secrets.getStoreToken('abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(MissingSecret);
    expect((error as Error).message).toMatch(/not allowed/);
  });
});

describe('Step Functions execution starter', () => {
  test('lets other failures through', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const starter = createStepFunctionsStarter({
      client: new SFNClient({ region }),
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard',
    });
    await expect(
      starter.start({ storeHash: 'abc123', profile: 'us-standard', trigger: { kind: 'manual' } }, 'run-1'),
    ).rejects.toThrow('Rate exceeded');
  });
});
