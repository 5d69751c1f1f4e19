/**
 * The deployed receive-webhook handler end to end: middy and Powertools around the operation, the AWS
 * adapters built from environment variables (Secrets Manager, DynamoDB and Step Functions mocked), and a
 * Function URL event as Lambda delivers it.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { parseInput } from '../../lambdas/operations/input.ts';
import { receiveWebhook } from '../../lambdas/operations/receive-webhook.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import { logger } from '../../lambdas/platform/powertools.ts';
import { deployedHandler } from '../support/deployed-handler.ts';
import { lambdaContext } from '../support/lambda-context.ts';

const secretsManager = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard';
const CLIENT_SECRET = 'client-secret-HANDLER-4d2a9c';
let handler: LambdaHandler;

beforeAll(async () => {
  vi.stubEnv('WEBHOOK_SECRET_NAME', 'bcship/webhooks/client-secret');
  vi.stubEnv('WEBHOOK_BURST_SECONDS', '60');
  vi.stubEnv('REGISTRY_TABLE_NAME', 'bcship-registry');
  vi.stubEnv('STATE_MACHINE_ARN', STATE_MACHINE);
  vi.stubEnv('EVENT_BUS_NAME', 'bcship-bus');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  handler = await deployedHandler(receiveWebhook);
});

afterEach(() => {
  secretsManager.reset();
  dynamo.reset();
  sfn.reset();
});

afterAll(() => vi.unstubAllEnvs());

function givenAws() {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: 'bcship/webhooks/client-secret' })
    .resolves({ SecretString: JSON.stringify({ clientSecret: CLIENT_SECRET }) });
  dynamo.on(GetCommand).resolves({
    Item: {
      pk: 'STORE#abc123',
      sk: 'STORE',
      entity: 'store',
      storeHash: 'abc123',
      profileName: 'us-standard',
    },
  });
  sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
}

const body = JSON.stringify({
  scope: 'store/information/updated',
  store_id: '1025646',
  data: { type: 'store' },
  hash: 'dd70c0976e06b67aaf671e73f49dcb79230ebf9d',
  created_at: 1_561_479_335,
  producer: 'stores/abc123',
});

/** A Function URL event carrying a body signed with `secret`. */
function functionUrlEvent(secret: string) {
  const at = new Date();
  const signature = new Webhook(Buffer.from(secret).toString('base64')).sign('msg_1', at, body);
  return {
    version: '2.0',
    rawPath: '/',
    headers: {
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    requestContext: { http: { method: 'POST', path: '/' } },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** Runs the handler, returning its response and everything it wrote to stdout and stderr. */
async function invoke(event: unknown) {
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  logger.setLogLevel('DEBUG');
  try {
    const response = await handler(event, lambdaContext('receive-webhook'));
    return { response, logs: written.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    logger.setLogLevel('INFO');
  }
}

describe('receive-webhook handler', () => {
  test('answers a signed delivery with a bare 200 after starting the run', async () => {
    givenAws();

    const { response, logs } = await invoke(functionUrlEvent(CLIENT_SECRET));

    expect(response).toEqual({ statusCode: 200 });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
    expect(logs).toContain('"outcome":"started"');
  });

  test('names the run after the delivery’s webhook-id; the run waits out the burst window', async () => {
    givenAws();
    const before = Date.now();

    await invoke(functionUrlEvent(CLIENT_SECRET));

    const [start] = sfn.commandCalls(StartExecutionCommand);
    const input = JSON.parse(start!.args[0].input.input ?? '{}');
    expect(input).toMatchObject({ trigger: { kind: 'webhook', id: 'msg_1' } });
    const waits = (Date.parse(input.notBefore) - before) / 1000;
    expect(waits).toBeGreaterThan(58);
    expect(waits).toBeLessThanOrEqual(60);
    expect(start!.args[0].input.name).toMatch(/-msg_1$/);
    // The store, then the claim on its pending run and the claim marked started: nothing else is written.
    expect(dynamo.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'GetCommand',
      'UpdateCommand',
      'UpdateCommand',
    ]);
  });

  test('answers a forged delivery with 401 and touches neither the registry nor Step Functions', async () => {
    givenAws();

    const { response } = await invoke(functionUrlEvent('forged-secret'));

    expect(response).toEqual({ statusCode: 401 });
    expect(dynamo.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  test('logs neither the client secret nor the signature headers', async () => {
    givenAws();
    const event = functionUrlEvent(CLIENT_SECRET);

    const { logs } = await invoke(event);

    expect(logs).toContain('receive-webhook finished');
    expect(logs).not.toContain(CLIENT_SECRET);
    expect(logs).not.toContain(event.headers['webhook-signature'].slice(3));
    expect(logs).not.toContain('webhook-signature');
  });
});

describe('the Function URL event as receive-webhook reads it', () => {
  test('decodes a base64-encoded Function URL body back to the bytes BigCommerce signed', () => {
    const request = parseInput(receiveWebhook.input, {
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
      headers: { 'webhook-id': 'msg_1' },
    });
    expect(request).toEqual({ rawBody: body, headers: { 'webhook-id': 'msg_1' } });
  });

  test('takes a plain body as is, and an event without headers as having none', () => {
    expect(parseInput(receiveWebhook.input, { body })).toEqual({ rawBody: body, headers: {} });
  });
});
