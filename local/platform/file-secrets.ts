/**
 * Secrets without Secrets Manager: a JSON file whose keys are the same secret names the stack uses
 * (`bcship/stores/{storeHash}`, `bcship/carriers/{carrierId}`, `bcship/stores/{storeHash}/carriers/{carrierId}`)
 * and whose values are the same JSON documents (as objects, or as JSON text like a SecretString).
 * `BC_ACCESS_TOKEN` (with `BC_STORE_HASH`) supplies a store token without any file. Naming, precedence and
 * validation are the shared rules of `secret-names.ts`; values never reach an error message.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MissingSecret, type SecretsPort, type StoreTokenWriterPort } from '../../lambdas/platform/ports.ts';
import {
  DEFAULT_SECRET_PREFIXES,
  secretsPort,
  storeSecretName,
} from '../../lambdas/platform/secret-names.ts';

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
    // Checked now, so a broken file fails before anything runs; then read on every lookup, because
    // `bcship app serve` writes the tokens of stores that install while it runs.
    readSecretsFile(options.file);
    const lookup = async (name: string) => {
      const secrets: Record<string, unknown> = { ...readSecretsFile(options.file), ...options.values };
      return Object.hasOwn(secrets, name) ? secrets[name] : undefined;
    };
    const where = options.file ? `the secrets file ${options.file}` : 'a secrets file';
    this.port = secretsPort(lookup, {
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

export function readSecretsFile(file: string | undefined): Record<string, unknown> {
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

/**
 * StoreTokenWriterPort on the secrets file: what `bcship app serve` stores an installed store's token in, under
 * the name Secrets Manager would use. Written whole to a temporary file then renamed, readable by its owner only.
 */
export class FileStoreTokens implements StoreTokenWriterPort {
  private readonly file: string;
  private readonly storePrefix: string;

  constructor(file: string, storePrefix = DEFAULT_SECRET_PREFIXES.storePrefix) {
    this.file = file;
    this.storePrefix = storePrefix;
  }

  async putStoreToken(storeHash: string, accessToken: string): Promise<void> {
    this.write(storeHash, { accessToken });
  }

  async disableStoreToken(storeHash: string): Promise<void> {
    const name = storeSecretName({ storePrefix: this.storePrefix }, storeHash);
    if (!Object.hasOwn(readSecretsFile(this.file), name)) return;
    this.write(storeHash, { disabled: 'the app was uninstalled', at: new Date().toISOString() });
  }

  private write(storeHash: string, value: Record<string, unknown>): void {
    const secrets = readSecretsFile(this.file);
    secrets[storeSecretName({ storePrefix: this.storePrefix }, storeHash)] = value;
    mkdirSync(dirname(this.file), { recursive: true });
    const staged = `${this.file}.${process.pid}.tmp`;
    writeFileSync(staged, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    renameSync(staged, this.file);
  }
}
