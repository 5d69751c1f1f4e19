/**
 * StoreTokenWriterPort on Secrets Manager. A token is put as a new version of `{storePrefix}/{storeHash}`, the
 * secret being created on a store's first install; an uninstall puts a version without a token instead of
 * deleting the secret, because a deleted secret's name stays taken for its recovery window and the store may
 * install the app again at once.
 */
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { StoreTokenWriterPort } from './ports.ts';
import { storeSecretName } from './secret-names.ts';

export interface SecretsManagerTokensOptions {
  client: SecretsManagerClient;
  /** `STORE_SECRET_PREFIX`. */
  storePrefix: string;
}

const isNotFound = (error: unknown): boolean =>
  error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException';

export function createSecretsManagerTokens({
  client,
  storePrefix,
}: SecretsManagerTokensOptions): StoreTokenWriterPort {
  const put = async (storeHash: string, value: Record<string, unknown>, createIfMissing: boolean) => {
    const name = storeSecretName({ storePrefix }, storeHash);
    const SecretString = JSON.stringify(value);
    try {
      await client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (createIfMissing) {
        await client.send(
          new CreateSecretCommand({
            Name: name,
            SecretString,
            Description: `bcship: API token of store ${storeHash}`,
          }),
        );
      }
    }
  };
  return {
    putStoreToken: (storeHash, accessToken) => put(storeHash, { accessToken }, true),
    disableStoreToken: (storeHash) =>
      put(storeHash, { disabled: 'the app was uninstalled', at: new Date().toISOString() }, false),
  };
}
