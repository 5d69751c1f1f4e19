/**
 * SecretsPort on AWS Secrets Manager, through Powertools Parameters so values are cached across invocations
 * of a warm function. Messages name secrets, never their values: a secret's content is parsed here and not
 * by the provider's JSON transform, whose parse errors quote the text they failed on.
 */
import { GetParameterError, ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { MissingSecret, type SecretsPort } from './ports.ts';

export interface SecretsManagerSecretsOptions {
  /** `STORE_SECRET_PREFIX`: `{storePrefix}/{storeHash}` holds `{ accessToken }`. */
  storePrefix: string;
  /** `CARRIER_SECRET_PREFIX`: `{carrierPrefix}/{carrierId}` holds a carrier's shared connection fields. Without
   * it only store-specific carrier secrets are read. */
  carrierPrefix?: string | undefined;
  /** A client the caller has instrumented (X-Ray) or mocked. */
  client?: SecretsManagerClient;
  /** How long a value is reused before Secrets Manager is asked again. */
  maxAgeSeconds?: number;
}

const defaults = { maxAgeSeconds: 300 };

export function createSecretsManagerSecrets(options: SecretsManagerSecretsOptions): SecretsPort {
  const { storePrefix, carrierPrefix, maxAgeSeconds } = { ...defaults, ...options };
  const provider = new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {});

  /** The secret's JSON object, or undefined when the secret does not exist. */
  const readObject = async (name: string): Promise<Record<string, unknown> | undefined> => {
    let raw: string | Uint8Array | undefined;
    try {
      raw = await provider.get(name, { maxAge: maxAgeSeconds, throwOnMissing: true });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new MissingSecret(`Secret ${name} is not valid JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new MissingSecret(`Secret ${name} must hold a JSON object`);
    }
    return value as Record<string, unknown>;
  };

  return {
    async getStoreToken(storeHash) {
      const name = `${storePrefix}/${storeHash}`;
      const secret = await readObject(name);
      if (secret === undefined) throw new MissingSecret(`Secret ${name} does not exist`);
      const token = secret.accessToken;
      if (typeof token !== 'string' || token === '') {
        throw new MissingSecret(`Secret ${name} has no "accessToken" string`);
      }
      return token;
    },

    async getCarrierConnection(storeHash, carrierId) {
      const names = [`${storePrefix}/${storeHash}/carriers/${carrierId}`];
      if (carrierPrefix !== undefined) names.push(`${carrierPrefix}/${carrierId}`);
      for (const name of names) {
        const secret = await readObject(name);
        if (secret !== undefined) return secret;
      }
      throw new MissingSecret(
        `No connection secret for carrier ${carrierId}: none of ${names.join(', ')} exists` +
          (carrierPrefix === undefined ? ' (no shared carrier secret prefix is configured)' : ''),
      );
    },
  };
}

function isNotFound(error: unknown): boolean {
  if (error instanceof ParameterNotFoundError) return true;
  return (
    error instanceof GetParameterError &&
    (error.cause as Error | undefined)?.name === 'ResourceNotFoundException'
  );
}
