/**
 * SecretsPort on AWS Secrets Manager, through a Powertools Parameters provider so values are cached across
 * invocations of a warm function. Naming, precedence and validation are the shared rules of `secret-names.ts`;
 * the secret's text is handed to them unparsed, not through a JSON transform, whose parse errors quote the text
 * they failed on.
 *
 * The SDK is imported on the first read, not with this module: a function that never reads a secret never
 * loads it (Powertools' own SecretsProvider imports it at load time, which is why it is not used here).
 */
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import { GetParameterError, ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsPort } from './ports.ts';
import { type SecretLookup, type SecretPrefixes, secretsPort } from './secret-names.ts';

export interface SecretTextReaderOptions {
  /** A client to use (an emulator's, in tests); by default one is made on the first read. */
  client?: SecretsManagerClient | undefined;
  /** How long a value is reused before Secrets Manager is asked again. */
  maxAgeSeconds?: number | undefined;
}

export interface SecretsManagerSecretsOptions extends SecretPrefixes, SecretTextReaderOptions {}

const defaults = { maxAgeSeconds: 300 };

const secretsManagerSdk = () => import('@aws-sdk/client-secrets-manager');

/** A secret's text (or bytes) by name; undefined for a secret that does not exist. Cached by BaseProvider. */
class SecretTextProvider extends BaseProvider {
  private sdkClient: Promise<SecretsManagerClient> | undefined;
  private readonly givenClient: SecretsManagerClient | undefined;

  constructor(givenClient: SecretsManagerClient | undefined) {
    super({});
    this.givenClient = givenClient;
  }

  private secretsClient(): Promise<SecretsManagerClient> {
    this.sdkClient ??= this.givenClient
      ? Promise.resolve(this.givenClient)
      : secretsManagerSdk().then(({ SecretsManagerClient }) => new SecretsManagerClient({}));
    return this.sdkClient;
  }

  protected async _get(name: string): Promise<string | Uint8Array | undefined> {
    const { GetSecretValueCommand } = await secretsManagerSdk();
    try {
      const result = await (await this.secretsClient()).send(new GetSecretValueCommand({ SecretId: name }));
      return result.SecretString ?? result.SecretBinary;
    } catch (error) {
      // Not found becomes undefined, which the base provider reports as ParameterNotFoundError.
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  protected _getMultiple(): Promise<Record<string, unknown> | undefined> {
    return Promise.reject(new Error('Secrets are read one by one'));
  }
}

export function createSecretsManagerSecrets(options: SecretsManagerSecretsOptions): SecretsPort {
  const { storePrefix, carrierPrefix } = options;
  return secretsPort(secretTextReader(options), { storePrefix, carrierPrefix });
}

/** A secret's text by name, cached for `maxAgeSeconds`; undefined when no secret has that name. */
export function secretTextReader(options: SecretTextReaderOptions = {}): SecretLookup {
  const maxAgeSeconds = options.maxAgeSeconds ?? defaults.maxAgeSeconds;
  const provider = new SecretTextProvider(options.client);

  return async (name: string): Promise<string | undefined> => {
    let raw: unknown;
    try {
      raw = await provider.get(name, { maxAge: maxAgeSeconds, throwOnMissing: true });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    return typeof raw === 'string' ? raw : new TextDecoder().decode(raw as Uint8Array);
  };
}

function isNotFound(error: unknown): boolean {
  if (error instanceof ParameterNotFoundError) return true;
  return (
    error instanceof GetParameterError &&
    (error.cause as Error | undefined)?.name === 'ResourceNotFoundException'
  );
}
