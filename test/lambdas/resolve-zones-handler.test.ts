/**
 * The deployed resolve-zones handler end to end: middy and Powertools around the operation, the AWS adapters
 * built from environment variables (Secrets Manager and DynamoDB mocked), BigCommerce served by the sandbox.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { resolveZones } from '../../lambdas/operations/resolve-zones.ts';
import type { LambdaHandler } from '../../lambdas/platform/lambda-handler.ts';
import type { ResolvedRun, RunState } from '../../lambdas/workflow-contract.ts';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';
import { deployedHandler } from '../support/deployed-handler.ts';
import { lambdaContext } from '../support/lambda-context.ts';
import { testProfile } from '../support/operations-fixture.ts';

const secretsManager = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
let sandbox: Sandbox;
let handler: LambdaHandler;

beforeAll(async () => {
  sandbox = await startSandbox();
  vi.stubEnv('STORE_SECRET_PREFIX', 'bcship/stores');
  vi.stubEnv('CARRIER_SECRET_PREFIX', 'bcship/carriers');
  vi.stubEnv('REGISTRY_TABLE_NAME', 'bcship-registry');
  vi.stubEnv('EVENT_BUS_NAME', 'bcship-bus');
  vi.stubEnv('RUN_ARTIFACTS_BUCKET', 'bcship-run-artifacts');
  vi.stubEnv('BC_API_URL', `${sandbox.url}/stores/{storeHash}/v2`);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubGlobal('BCSHIP_PROFILES', JSON.stringify({ [testProfile.name]: testProfile }));
  handler = await deployedHandler(resolveZones);
});

afterEach(() => {
  secretsManager.reset();
  dynamo.reset();
  s3.reset();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  await sandbox.close();
});

function givenAws() {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: 'bcship/stores/sandbox' })
    .resolves({ SecretString: JSON.stringify({ accessToken: 'sandbox-token' }) });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
}

describe('resolve-zones handler', () => {
  test('resolves a deployed profile against the store, reading the token from Secrets Manager', async () => {
    givenAws();
    const state = (await handler(
      { state: { storeHash: 'sandbox', profile: 'test-profile' }, executionId: 'exec-1' },
      lambdaContext('resolve-zones'),
    )) as RunState;
    expect(state.zones.map((z) => [z.zoneId, z.zoneName])).toEqual([
      [1, 'United States'],
      [2, 'Canada'],
    ]);
    expect(state.carriers).toEqual(['endicia']);
    expect(sandbox.requests.map((r) => `${r.method} ${r.status}`)).toContain('GET 200');
    // The zones' methods are kept in the run artifacts bucket, under the execution's name.
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({
      Bucket: 'bcship-run-artifacts',
      Key: 'runs/exec-1/resolved.json',
      ContentType: 'application/json',
    });
    const resolved = JSON.parse(String(put?.args[0].input.Body)) as ResolvedRun;
    expect(resolved.zones.map((zone) => zone.methods.map((method) => method.name))).toEqual([
      ['USPS', 'Flat Rate'],
      ['Canada Flat'],
    ]);
  });

  test('writes nothing to the registry table but the lease: the store is registered by Record', async () => {
    givenAws();
    await handler(
      { state: { storeHash: 'sandbox', profile: 'test-profile' }, executionId: 'exec-2' },
      lambdaContext(),
    );
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.sk)).toEqual(['LEASE']);
  });

  test('takes the store’s lease in the registry table for its execution', async () => {
    givenAws();
    await handler(
      { state: { storeHash: 'sandbox', profile: 'test-profile' }, executionId: 'exec-3' },
      lambdaContext(),
    );
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'bcship-registry',
      Item: { pk: 'STORE#sandbox', sk: 'LEASE', executionId: 'exec-3' },
    });
  });

  test('fails with StoreBusy, which the state machine retries, when another execution holds the lease', async () => {
    givenAws();
    dynamo
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    sandbox.clearLog();
    const attempt = handler(
      { state: { storeHash: 'sandbox', profile: 'test-profile' }, executionId: 'exec-4' },
      lambdaContext(),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'StoreBusy' });
    expect(sandbox.requests).toEqual([]);
  });

  test('verifying, reads who holds the lease, strongly consistent, and waits while another execution does', async () => {
    givenAws();
    dynamo
      .on(GetCommand, { Key: { pk: 'STORE#sandbox', sk: 'LEASE' } })
      .resolves({ Item: { executionId: 'exec-applying', expiresAt: Math.floor(Date.now() / 1000) + 600 } });
    sandbox.clearLog();
    const attempt = handler(
      { state: { storeHash: 'sandbox', profile: 'test-profile', mode: 'verify' }, executionId: 'exec-5' },
      lambdaContext(),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'StoreBusy' });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'bcship-registry',
      Key: { pk: 'STORE#sandbox', sk: 'LEASE' },
      ConsistentRead: true,
    });
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
    expect(sandbox.requests).toEqual([]);
  });

  test('rejects a malformed task input with InvalidInput naming the field', async () => {
    givenAws();
    await expect(
      handler({ state: { storeHash: 'sandbox', profile: 'test-profile' } }, lambdaContext()),
    ).rejects.toThrow(/executionId: is required/);
  });

  test('fails with MissingSecret when the store has no token secret', async () => {
    dynamo.on(GetCommand).resolves({});
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    const attempt = handler(
      { state: { storeHash: 'other1', profile: 'test-profile' }, executionId: 'e' },
      lambdaContext(),
    );
    await expect(attempt).rejects.toMatchObject({
      name: 'MissingSecret',
      message: 'Secret bcship/stores/other1 does not exist',
    });
  });
});
