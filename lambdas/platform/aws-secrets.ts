/**
 * SecretsPort on AWS Secrets Manager, through Powertools Parameters so values are cached across invocations
 * of a warm function. Naming, precedence and validation are the shared rules of `secret-names.ts`; the
 * secret's text is handed to them unparsed, not through the provider's JSON transform, whose parse errors
 * quote the text they failed on.
 */
import { GetParameterError, ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsPort } from './ports.ts';
import { type SecretLookup, type SecretPrefixes, secretsPort } from './secret-names.ts';

export interface SecretTextReaderOptions {
  /** A client the caller has instrumented (X-Ray) or mocked. */
  client?: SecretsManagerClient | undefined;
  /** How long a value is reused before Secrets Manager is asked again. */
  maxAgeSeconds?: number | undefined;
}

export interface SecretsManagerSecretsOptions extends SecretPrefixes, SecretTextReaderOptions {}

const defaults = { maxAgeSeconds: 300 };

export function createSecretsManagerSecrets(options: SecretsManagerSecretsOptions): SecretsPort {
  const { storePrefix, carrierPrefix } = options;
  return secretsPort(secretTextReader(options), { storePrefix, carrierPrefix });
}

/** A secret's text by name, cached for `maxAgeSeconds`; undefined when no secret has that name. */
export function secretTextReader(options: SecretTextReaderOptions = {}): SecretLookup {
  const maxAgeSeconds = options.maxAgeSeconds ?? defaults.maxAgeSeconds;
  const provider = new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {});

  return async (name: string): Promise<string | undefined> => {
    let raw: string | Uint8Array | undefined;
    try {
      raw = await provider.get(name, { maxAge: maxAgeSeconds, throwOnMissing: true });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
  };
}

function isNotFound(error: unknown): boolean {
  if (error instanceof ParameterNotFoundError) return true;
  return (
    error instanceof GetParameterError &&
    (error.cause as Error | undefined)?.name === 'ResourceNotFoundException'
  );
}
