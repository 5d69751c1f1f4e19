/**
 * Secrets without Secrets Manager: a JSON file whose keys are the same secret names the stack uses
 * (`bcship/stores/{storeHash}`, `bcship/carriers/{carrierId}`, `bcship/stores/{storeHash}/carriers/{carrierId}`)
 * and whose values are the same JSON documents (as objects, or as JSON text like a SecretString).
 * `BC_ACCESS_TOKEN` (with `BC_STORE_HASH`) supplies a store token without any file. Naming, precedence and
 * validation are the shared rules of `secret-names.ts`; values never reach an error message.
 */
import { existsSync, readFileSync } from 'node:fs';
import { MissingSecret, type SecretsPort } from '../../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES, secretsPort } from '../../lambdas/platform/secret-names.ts';

export interface FileSecretsOptions {
  /** Path of the secrets file; absent or missing file means no file secrets. */
  file?: string | undefined;
  /** Extra secrets by name, winning over the file's (the CLI adds the token from BC_ACCESS_TOKEN here). */
  values?: Record<string, unknown>;
  storeSecretPrefix?: string;
  carrierSecretPrefix?: string;
}

export class FileSecrets implements SecretsPort {
  private readonly port: SecretsPort;

  constructor(options: FileSecretsOptions = {}) {
    const secrets = new Map(Object.entries({ ...readSecretsFile(options.file), ...options.values }));
    const where = options.file ? `the secrets file ${options.file}` : 'a secrets file';
    this.port = secretsPort(async (name) => secrets.get(name), {
      storePrefix: options.storeSecretPrefix ?? DEFAULT_SECRET_PREFIXES.storePrefix,
      carrierPrefix: options.carrierSecretPrefix ?? DEFAULT_SECRET_PREFIXES.carrierPrefix,
      whereToCreate: {
        store: `add it to ${where} or set BC_ACCESS_TOKEN and BC_STORE_HASH`,
        carrier: `add one to ${where}`,
      },
    });
  }

  getStoreToken(storeHash: string): Promise<string> {
    return this.port.getStoreToken(storeHash);
  }

  getCarrierConnection(storeHash: string, carrierId: string): Promise<Record<string, unknown>> {
    return this.port.getCarrierConnection(storeHash, carrierId);
  }
}

function readSecretsFile(file: string | undefined): Record<string, unknown> {
  if (!file || !existsSync(file)) return {};
  let secrets: unknown;
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // The parser's message quotes the text it failed on, which may be a secret.
    throw new MissingSecret(`Secrets file ${file} is not valid JSON`);
  }
  if (secrets === null || typeof secrets !== 'object' || Array.isArray(secrets)) {
    throw new MissingSecret(`Secrets file ${file} must hold a JSON object of secrets by name`);
  }
  return secrets as Record<string, unknown>;
}
