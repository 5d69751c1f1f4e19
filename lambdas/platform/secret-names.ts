/**
 * The secret naming and precedence rules every SecretsPort follows, whatever keeps the secrets (Secrets
 * Manager, a local file, a test's map): an adapter supplies only how to look a name up.
 *
 *   {storePrefix}/{storeHash}                      → { accessToken }
 *   {storePrefix}/{storeHash}/carriers/{carrierId} → a carrier's connection fields for that store (wins)
 *   {carrierPrefix}/{carrierId}                    → a carrier's shared connection fields
 *
 * Messages name secrets, never their values, so a malformed secret is reported without quoting it.
 */
import { MissingSecret, type SecretsPort } from './ports.ts';

export interface SecretPrefixes {
  /** `STORE_SECRET_PREFIX`. */
  storePrefix: string;
  /** `CARRIER_SECRET_PREFIX`. Without it only store-specific carrier secrets are read. */
  carrierPrefix?: string | undefined;
}

export const DEFAULT_SECRET_PREFIXES = { storePrefix: 'bcship/stores', carrierPrefix: 'bcship/carriers' };

/**
 * A secret's value by name, or undefined when no secret has that name. A string is the secret's text (as
 * Secrets Manager keeps it) and must be JSON; any other value is taken as already parsed.
 */
export type SecretLookup = (name: string) => Promise<unknown>;

export interface SecretsPortOptions extends SecretPrefixes {
  /** Appended to the message for a missing secret: where this adapter expects it to be created. */
  whereToCreate?: { store?: string; carrier?: string };
}

export const storeSecretName = (prefixes: SecretPrefixes, storeHash: string): string =>
  `${prefixes.storePrefix}/${storeHash}`;

/** A carrier's connection fields shared by every store. */
export const sharedCarrierSecretName = (carrierPrefix: string, carrierId: string): string =>
  `${carrierPrefix}/${carrierId}`;

/** The names a carrier's connection fields are looked up under, the one that wins first. */
export function carrierSecretNames(prefixes: SecretPrefixes, storeHash: string, carrierId: string): string[] {
  const names = [`${storeSecretName(prefixes, storeHash)}/carriers/${carrierId}`];
  if (prefixes.carrierPrefix !== undefined)
    names.push(sharedCarrierSecretName(prefixes.carrierPrefix, carrierId));
  return names;
}

export function secretsPort(lookup: SecretLookup, options: SecretsPortOptions): SecretsPort {
  const hint = (where: string | undefined) => (where === undefined ? '' : `; ${where}`);

  const readObject = async (name: string): Promise<Record<string, unknown> | undefined> => {
    const value = await lookup(name);
    return value === undefined ? undefined : secretObject(name, value);
  };

  return {
    async getStoreToken(storeHash) {
      const name = storeSecretName(options, storeHash);
      const secret = await readObject(name);
      if (secret === undefined) {
        throw new MissingSecret(`Secret ${name} does not exist${hint(options.whereToCreate?.store)}`);
      }
      const token = secret.accessToken;
      if (typeof token !== 'string' || token === '') {
        throw new MissingSecret(`Secret ${name} has no "accessToken" string`);
      }
      return token;
    },

    async getCarrierConnection(storeHash, carrierId) {
      const names = carrierSecretNames(options, storeHash, carrierId);
      for (const name of names) {
        const secret = await readObject(name);
        if (secret !== undefined) return secret;
      }
      throw new MissingSecret(
        `No connection secret for carrier ${carrierId}: none of ${names.join(', ')} exists` +
          (options.carrierPrefix === undefined ? ' (no shared carrier secret prefix is configured)' : '') +
          hint(options.whereToCreate?.carrier),
      );
    },
  };
}

/**
 * A secret's value as an object (its text parsed), or MissingSecret naming it. A copy, so that a caller
 * changing what it got cannot change what the next caller gets.
 */
export function secretObject(name: string, value: unknown): Record<string, unknown> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      // The parser's message quotes the text it failed on, which is the secret.
      throw new MissingSecret(`Secret ${name} is not valid JSON`);
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MissingSecret(`Secret ${name} must hold a JSON object`);
  }
  return structuredClone(parsed as Record<string, unknown>);
}
