/**
 * StoreTokenWriterPort on Secrets Manager. A token is put as a new version of `{storePrefix}/{storeHash}`, the
 * secret being created on a store's first install; an uninstall puts a version without a token instead of
 * deleting the secret, because a deleted secret's name stays taken for its recovery window and the store may
 * install the app again at once. The SDK is loaded on the first write.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { StoreTokenWriterPort } from './ports.ts';
import { storeSecretName } from './secret-names.ts';

export interface SecretsManagerTokensOptions {
  /** `STORE_SECRET_PREFIX`. */
  storePrefix: string;
  /** A client to use (an emulator's, in tests); by default one is made on the first write. */
  client?: SecretsManagerClient;
}

const secretsManagerSdk = () => import('@aws-sdk/client-secrets-manager');

export function createSecretsManagerTokens({
  client,
  storePrefix,
}: SecretsManagerTokensOptions): StoreTokenWriterPort {
  let sdkClient: Promise<SecretsManagerClient> | undefined;
  const secretsClient = () => {
    sdkClient ??= client
      ? Promise.resolve(client)
      : secretsManagerSdk().then(({ SecretsManagerClient }) => new SecretsManagerClient({}));
    return sdkClient;
  };
  const put = async (storeHash: string, value: Record<string, unknown>, createIfMissing: boolean) => {
    const { CreateSecretCommand, PutSecretValueCommand } = await secretsManagerSdk();
    const name = storeSecretName({ storePrefix }, storeHash);
    const SecretString = JSON.stringify(value);
    try {
      await (await secretsClient()).send(new PutSecretValueCommand({ SecretId: name, SecretString }));
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      if (!createIfMissing) return;
      await (await secretsClient()).send(
        new CreateSecretCommand({
          Name: name,
          SecretString,
          Description: `bcship: API token of store ${storeHash}`,
        }),
      );
    }
  };
  return {
    putStoreToken: (storeHash, accessToken) => put(storeHash, { accessToken }, true),
    disableStoreToken: (storeHash) =>
      put(storeHash, { disabled: 'the app was uninstalled', at: new Date().toISOString() }, false),
  };
}
