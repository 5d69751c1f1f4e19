import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import { createSecretsManagerSecrets } from '../../../lambdas/platform/aws-secrets.ts';
import { MissingSecret } from '../../../lambdas/platform/ports.ts';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

const notFound = () =>
  new ResourceNotFoundException({
    message: "Secrets Manager can't find the specified secret.",
    $metadata: {},
  });

function secrets(options: { carrierPrefix?: string } = { carrierPrefix: 'bcship/carriers' }) {
  return createSecretsManagerSecrets({
    storePrefix: 'bcship/stores',
    carrierPrefix: options.carrierPrefix,
    client: new SecretsManagerClient({ region: 'us-east-1' }),
  });
}

/** Secrets by name; any other name does not exist. */
function givenSecrets(values: Record<string, string>) {
  secretsManager.on(GetSecretValueCommand).callsFake(({ SecretId }: { SecretId: string }) => {
    const value = values[SecretId];
    if (value === undefined) throw notFound();
    return { Name: SecretId, SecretString: value };
  });
}

const requestedNames = () =>
  secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId);

describe('Secrets Manager secrets', () => {
  test('reads the store token from {storePrefix}/{storeHash}', async () => {
    givenSecrets({ 'bcship/stores/abc123': JSON.stringify({ accessToken: 'tok-1' }) });
    expect(await secrets().getStoreToken('abc123')).toBe('tok-1');
    expect(requestedNames()).toEqual(['bcship/stores/abc123']);
  });

  test('reuses a value it has read instead of asking again', async () => {
    givenSecrets({ 'bcship/stores/abc123': JSON.stringify({ accessToken: 'tok-1' }) });
    const port = secrets();
    await port.getStoreToken('abc123');
    await port.getStoreToken('abc123');
    expect(requestedNames()).toEqual(['bcship/stores/abc123']);
  });

  test('prefers the store-specific carrier secret over the shared one', async () => {
    givenSecrets({
      'bcship/stores/abc123/carriers/endicia': JSON.stringify({ account_id: 'store-specific' }),
      'bcship/carriers/endicia': JSON.stringify({ account_id: 'shared' }),
    });
    expect(await secrets().getCarrierConnection('abc123', 'endicia')).toEqual({
      account_id: 'store-specific',
    });
  });

  test('falls back to the shared carrier secret', async () => {
    givenSecrets({ 'bcship/carriers/endicia': JSON.stringify({ account_id: 'shared' }) });
    expect(await secrets().getCarrierConnection('abc123', 'endicia')).toEqual({ account_id: 'shared' });
    expect(requestedNames()).toEqual(['bcship/stores/abc123/carriers/endicia', 'bcship/carriers/endicia']);
  });

  test('a missing store secret is a MissingSecret naming it', async () => {
    givenSecrets({});
    const attempt = secrets().getStoreToken('abc123');
    await expect(attempt).rejects.toThrow(MissingSecret);
    await expect(attempt).rejects.toThrow('Secret bcship/stores/abc123 does not exist');
  });

  test('a store secret without an accessToken is a MissingSecret that does not quote the secret', async () => {
    givenSecrets({ 'bcship/stores/abc123': JSON.stringify({ access_token: 'tok-misnamed-8812' }) });
    const error = (await secrets()
      .getStoreToken('abc123')
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toContain('bcship/stores/abc123');
    expect(error.message).toContain('accessToken');
    expect(error.message).not.toContain('tok-misnamed-8812');
  });

  test('a secret that is not JSON is a MissingSecret that does not quote the secret', async () => {
    givenSecrets({ 'bcship/stores/abc123': 'tok-plain-text-3390' });
    const error = (await secrets()
      .getStoreToken('abc123')
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).not.toContain('tok-plain-text-3390');
  });

  test('a carrier without any secret is a MissingSecret naming every secret looked for', async () => {
    givenSecrets({});
    const error = (await secrets()
      .getCarrierConnection('abc123', 'fedex')
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toContain('bcship/stores/abc123/carriers/fedex');
    expect(error.message).toContain('bcship/carriers/fedex');
  });

  test('without a shared prefix only the store-specific carrier secret is read', async () => {
    givenSecrets({ 'bcship/carriers/endicia': JSON.stringify({ account_id: 'shared' }) });
    await expect(secrets({}).getCarrierConnection('abc123', 'endicia')).rejects.toThrow(MissingSecret);
    expect(requestedNames()).toEqual(['bcship/stores/abc123/carriers/endicia']);
  });

  test('lets other Secrets Manager failures through', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException: not allowed'));
    await expect(secrets().getStoreToken('abc123')).rejects.toThrow(/not allowed/);
    await expect(secrets().getStoreToken('abc123')).rejects.not.toThrow(MissingSecret);
  });
});
