/**
 * The stack's AWS resources, created on moto from the synthesized template: the registry table (its own key
 * schema and index), the event bus (its own name), the run artifacts bucket, the Onboard state machine (the
 * synthesized definition),
 * and a queue that receives every event of the bus so a test can read them; and the secrets the functions read.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OnboardAsl } from '../../../lib/asl.ts';
import type { SynthesizedTemplate } from '../../lib/synth.ts';
import { motoClientConfig } from '../../support/moto.ts';
import { createTableAsDeployed, type TableProperties } from '../../support/registry-table.ts';

type Template = SynthesizedTemplate['json'];

const REGION = 'us-east-1';
const TABLE_NAME = 'bcship-registry';
const ARTIFACTS_BUCKET = 'bcship-run-artifacts';
const STATE_MACHINE_NAME = 'Onboard';
const EVENTS_QUEUE = 'bcship-events';
const RECONCILE_QUEUE = 'bcship-reconcile';
const RECONCILE_STATE_MACHINE_NAME = 'ReconcileRuns';

export interface MotoStack {
  /** Logical id → the name (or ARN) a `Ref` to it resolves to, as CloudFormation would give it. */
  refs: Record<string, string>;
  tableName: string;
  stateMachineArn: string;
  /** A run artifact (`runs/<executionName>/<key>.json`) as the functions stored it in the bucket. */
  runArtifact(executionName: string, key: string): Promise<unknown>;
  /** The items of one store's partition in the registry table. */
  registryItems(storeHash: string): Promise<Record<string, unknown>[]>;
  /** The bus's events delivered since the last call, oldest first. */
  receiveEvents(): Promise<{ 'detail-type': string; detail: Record<string, unknown> }[]>;
  /** Each execution started on the state machine, with its input. */
  executions(): Promise<{ name: string; input: Record<string, unknown> }[]>;
  /** Each run started on the Express state machine, with its input. */
  reconcileRuns(): Promise<{ name: string; input: Record<string, unknown> }[]>;
  /** The reconciliation queue's messages (taken off it), as an SQS event. */
  receiveReconcileMessages(): Promise<{ Records: { messageId: string; body: string }[] }>;
}

/** Forgets everything moto holds, so each test starts from an empty account. */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
}

export async function createMotoStack(
  endpoint: string,
  template: Template,
  asl: OnboardAsl,
): Promise<MotoStack> {
  const config = motoClientConfig(endpoint);
  const dynamo = new DynamoDBClient(config);
  const sfn = new SFNClient(config);
  const [tableId, table] = resourceOfType(template, 'AWS::DynamoDB::Table');
  const [busId, bus] = resourceOfType(template, 'AWS::Events::EventBus');
  const [machineId] = resourceOfType(template, 'AWS::StepFunctions::StateMachine', 'STANDARD');
  const [expressId] = resourceOfType(template, 'AWS::StepFunctions::StateMachine', 'EXPRESS');
  const reconcileQueueId = logicalIdOf(template, 'AWS::SQS::Queue', /^ReconcileQueue/);
  const busName = String(bus.Name);
  const [bucketId] = resourceOfType(template, 'AWS::S3::Bucket');

  await createTableAsDeployed(dynamo, TABLE_NAME, table as TableProperties);
  const s3 = new S3Client(config);
  await s3.send(new CreateBucketCommand({ Bucket: ARTIFACTS_BUCKET }));
  const queue = await routeBusToQueue(endpoint, busName);
  const { QueueUrl: reconcileQueueUrl } = (await sqs(endpoint, 'CreateQueue', {
    QueueName: RECONCILE_QUEUE,
  })) as {
    QueueUrl: string;
  };
  const create = async (name: string, type: 'STANDARD' | 'EXPRESS') =>
    (
      await sfn.send(
        new CreateStateMachineCommand({
          name,
          type,
          definition: JSON.stringify(asl.definition),
          roleArn: 'arn:aws:iam::123456789012:role/bcship-onboard',
        }),
      )
    ).stateMachineArn!;
  const stateMachineArn = await create(STATE_MACHINE_NAME, 'STANDARD');
  const reconcileStateMachineArn = await create(RECONCILE_STATE_MACHINE_NAME, 'EXPRESS');
  return {
    refs: {
      [tableId]: TABLE_NAME,
      [busId]: busName,
      [bucketId]: ARTIFACTS_BUCKET,
      [machineId]: stateMachineArn,
      [expressId]: reconcileStateMachineArn,
      [reconcileQueueId]: reconcileQueueUrl,
    },
    tableName: TABLE_NAME,
    stateMachineArn,
    runArtifact: async (executionName, key) => {
      const Key = `runs/${executionName}/${key}.json`;
      const object = await s3.send(new GetObjectCommand({ Bucket: ARTIFACTS_BUCKET, Key }));
      return JSON.parse((await object.Body?.transformToString('utf8')) ?? 'null');
    },
    registryItems: (storeHash) => registryItems(DynamoDBDocumentClient.from(dynamo), storeHash),
    receiveEvents: () => receiveEvents(endpoint, queue),
    executions: () => executions(sfn, stateMachineArn),
    reconcileRuns: () => executions(sfn, reconcileStateMachineArn),
    receiveReconcileMessages: () => receiveMessages(endpoint, reconcileQueueUrl),
  };
}

/** Creates each secret (name → value), stored as JSON text as Secrets Manager keeps it. */
export async function createSecrets(endpoint: string, secrets: Record<string, unknown>): Promise<void> {
  const secretsManager = new SecretsManagerClient(motoClientConfig(endpoint));
  for (const [Name, value] of Object.entries(secrets)) {
    await secretsManager.send(new CreateSecretCommand({ Name, SecretString: JSON.stringify(value) }));
  }
}

function logicalIdOf(template: Template, type: string, id: RegExp): string {
  const found = Object.entries(template.Resources).filter(
    ([logicalId, resource]) => resource.Type === type && id.test(logicalId),
  );
  if (found.length !== 1)
    throw new Error(`Expected one ${type} named ${id} in the template, found ${found.length}`);
  return found[0]![0];
}

/** The one resource of a type (of a StateMachineType, for state machines). */
function resourceOfType(
  template: Template,
  type: string,
  machineType?: 'STANDARD' | 'EXPRESS',
): [string, Record<string, unknown>] {
  const found = Object.entries(template.Resources).filter(
    ([, resource]) =>
      resource.Type === type &&
      (machineType === undefined || resource.Properties.StateMachineType === machineType),
  );
  if (found.length !== 1) throw new Error(`Expected one ${type} in the template, found ${found.length}`);
  const [id, resource] = found[0]!;
  return [id, resource.Properties];
}

async function registryItems(client: DynamoDBDocumentClient, storeHash: string) {
  const { Items } = await client.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `STORE#${storeHash}` },
    }),
  );
  return Items ?? [];
}

async function executions(sfn: SFNClient, stateMachineArn: string) {
  const { executions: listed = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
  return Promise.all(
    listed.map(async ({ executionArn, name }) => {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return { name: name!, input: JSON.parse(described.input ?? '{}') as Record<string, unknown> };
    }),
  );
}

/**
 * SQS through its JSON protocol: the project has no SQS client, and these three calls do not need one. moto
 * tells services apart by the credential scope of the Authorization header, which it does not verify.
 */
async function sqs(endpoint: string, action: string, body: Record<string, unknown>) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AmazonSQS.${action}`,
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`SQS ${action} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A queue and a rule sending it every bcship event of the bus; returns the queue's URL. */
async function routeBusToQueue(endpoint: string, busName: string): Promise<string> {
  const { QueueUrl } = (await sqs(endpoint, 'CreateQueue', { QueueName: EVENTS_QUEUE })) as {
    QueueUrl: string;
  };
  const { Attributes } = (await sqs(endpoint, 'GetQueueAttributes', {
    QueueUrl,
    AttributeNames: ['QueueArn'],
  })) as { Attributes: { QueueArn: string } };
  const events = new EventBridgeClient(motoClientConfig(endpoint));
  await events.send(new CreateEventBusCommand({ Name: busName }));
  await events.send(
    new PutRuleCommand({
      Name: 'all-bcship-events',
      EventBusName: busName,
      EventPattern: '{"source":["bcship"]}',
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'all-bcship-events',
      EventBusName: busName,
      Targets: [{ Id: 'queue', Arn: Attributes.QueueArn }],
    }),
  );
  return QueueUrl;
}

/** The reconciliation queue's messages, as an SQS event source hands them to a function. */
async function receiveMessages(endpoint: string, QueueUrl: string) {
  const { Messages = [] } = (await sqs(endpoint, 'ReceiveMessage', {
    QueueUrl,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 0,
  })) as { Messages?: { MessageId: string; Body: string; ReceiptHandle: string }[] };
  for (const { ReceiptHandle } of Messages) await sqs(endpoint, 'DeleteMessage', { QueueUrl, ReceiptHandle });
  return { Records: Messages.map((message) => ({ messageId: message.MessageId, body: message.Body })) };
}

async function receiveEvents(endpoint: string, QueueUrl: string) {
  const { Messages = [] } = (await sqs(endpoint, 'ReceiveMessage', {
    QueueUrl,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: 0,
  })) as { Messages?: { Body: string; ReceiptHandle: string }[] };
  for (const { ReceiptHandle } of Messages) await sqs(endpoint, 'DeleteMessage', { QueueUrl, ReceiptHandle });
  return Messages.map((message) => JSON.parse(message.Body));
}
