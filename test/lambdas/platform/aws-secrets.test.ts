import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSecretsManagerSecrets } from '../../../lambdas/platform/aws-secrets.ts';
import { MissingSecret } from '../../../lambdas/platform/ports.ts';
import { type Moto, motoClientConfig, startMoto } from '../../support/moto.ts';
import { describeSecretsContract } from './contracts/secrets.contract.ts';

let moto: Moto;
let client: SecretsManagerClient;
beforeAll(async () => {
  moto = await startMoto();
  client = new SecretsManagerClient(motoClientConfig(moto.endpoint));
});
afterAll(() => moto?.stop());

async function createSecrets(secrets: Record<string, string>) {
  for (const [Name, SecretString] of Object.entries(secrets)) {
    await client.send(new CreateSecretCommand({ Name, SecretString }));
  }
}

describeSecretsContract('Secrets Manager secrets on moto', async (secrets, prefixes) => {
  await createSecrets(secrets);
  return createSecretsManagerSecrets({ ...prefixes, client });
});

test('reuses a value it has read until it is older than maxAgeSeconds', async () => {
  await createSecrets({ 'cache/stores/abc123': JSON.stringify({ accessToken: 'tok-1' }) });
  const cached = createSecretsManagerSecrets({ storePrefix: 'cache/stores', client });
  const fresh = createSecretsManagerSecrets({ storePrefix: 'cache/stores', client, maxAgeSeconds: 0 });
  expect(await cached.getStoreToken('abc123')).toBe('tok-1');
  await client.send(
    new PutSecretValueCommand({
      SecretId: 'cache/stores/abc123',
      SecretString: JSON.stringify({ accessToken: 'tok-2' }),
    }),
  );
  expect(await cached.getStoreToken('abc123')).toBe('tok-1');
  expect(await fresh.getStoreToken('abc123')).toBe('tok-2');
});

test('without a shared carrier prefix only the store’s own carrier secret is read', async () => {
  await createSecrets({ 'solo/carriers/endicia': JSON.stringify({ account_id: 'shared' }) });
  const secrets = createSecretsManagerSecrets({ storePrefix: 'solo/stores', client });
  await expect(secrets.getCarrierConnection('abc123', 'endicia')).rejects.toThrow(MissingSecret);
});
