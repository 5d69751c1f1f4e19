import { describe, expect, test } from 'vitest';
import { MissingSecret } from '../../../lambdas/platform/ports.ts';
import {
  carrierSecretNames,
  type SecretsPortOptions,
  secretsPort,
} from '../../../lambdas/platform/secret-names.ts';

const PREFIXES = { storePrefix: 'bcship/stores', carrierPrefix: 'bcship/carriers' };

/** A port over these secrets by name; `looked` records every name asked for. */
function port(values: Record<string, unknown>, options: Partial<SecretsPortOptions> = {}) {
  const looked: string[] = [];
  const secrets = secretsPort(
    async (name) => {
      looked.push(name);
      return values[name];
    },
    { ...PREFIXES, ...options },
  );
  return { secrets, looked };
}

const failure = async (attempt: Promise<unknown>) => (await attempt.catch((e: unknown) => e)) as Error;

describe('secret names', () => {
  test('a carrier is looked up store-specific first, then shared', () => {
    expect(carrierSecretNames(PREFIXES, 'abc123', 'endicia')).toEqual([
      'bcship/stores/abc123/carriers/endicia',
      'bcship/carriers/endicia',
    ]);
  });

  test('without a shared prefix a carrier is looked up store-specific only', () => {
    expect(carrierSecretNames({ storePrefix: 'bcship/stores' }, 'abc123', 'endicia')).toEqual([
      'bcship/stores/abc123/carriers/endicia',
    ]);
  });
});

describe('secretsPort', () => {
  test('reads the store token from the accessToken of {storePrefix}/{storeHash}', async () => {
    const { secrets, looked } = port({ 'bcship/stores/abc123': { accessToken: 'tok-1' } });
    expect(await secrets.getStoreToken('abc123')).toBe('tok-1');
    expect(looked).toEqual(['bcship/stores/abc123']);
  });

  test('parses a secret given as JSON text', async () => {
    const { secrets } = port({ 'bcship/stores/abc123': JSON.stringify({ accessToken: 'tok-1' }) });
    expect(await secrets.getStoreToken('abc123')).toBe('tok-1');
  });

  test('prefers the store-specific carrier secret and does not look further', async () => {
    const { secrets, looked } = port({
      'bcship/stores/abc123/carriers/endicia': { account_id: 'store-specific' },
      'bcship/carriers/endicia': { account_id: 'shared' },
    });
    expect(await secrets.getCarrierConnection('abc123', 'endicia')).toEqual({ account_id: 'store-specific' });
    expect(looked).toEqual(['bcship/stores/abc123/carriers/endicia']);
  });

  test('falls back to the shared carrier secret', async () => {
    const { secrets } = port({ 'bcship/carriers/endicia': { account_id: 'shared' } });
    expect(await secrets.getCarrierConnection('abc123', 'endicia')).toEqual({ account_id: 'shared' });
  });

  test('hands out a copy, so a caller cannot change the next caller’s connection', async () => {
    const { secrets } = port({ 'bcship/carriers/endicia': { account_id: 'shared' } });
    const first = await secrets.getCarrierConnection('abc123', 'endicia');
    first.account_id = 'changed';
    expect(await secrets.getCarrierConnection('abc123', 'endicia')).toEqual({ account_id: 'shared' });
  });

  test('a missing store secret is a MissingSecret naming it and where to create it', async () => {
    const { secrets } = port({}, { whereToCreate: { store: 'add it to the vault' } });
    const error = await failure(secrets.getStoreToken('abc123'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toBe('Secret bcship/stores/abc123 does not exist; add it to the vault');
  });

  test('a store secret without an accessToken string is a MissingSecret that does not quote it', async () => {
    const { secrets } = port({ 'bcship/stores/abc123': { access_token: 'tok-misnamed-8812' } });
    const error = await failure(secrets.getStoreToken('abc123'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toBe('Secret bcship/stores/abc123 has no "accessToken" string');
  });

  test('JSON text that does not parse is a MissingSecret that does not quote it', async () => {
    const { secrets } = port({ 'bcship/stores/abc123': 'tok-plain-text-3390' });
    const error = await failure(secrets.getStoreToken('abc123'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toBe('Secret bcship/stores/abc123 is not valid JSON');
  });

  test.each([
    ['an array', ['acct-in-array-1']],
    ['null', null],
    ['a number', 4417],
    ['JSON text of a string', JSON.stringify('acct-in-string-2')],
  ])('a carrier secret holding %s is a MissingSecret that does not quote it', async (_, value) => {
    const { secrets } = port({ 'bcship/carriers/endicia': value });
    const error = await failure(secrets.getCarrierConnection('abc123', 'endicia'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toBe('Secret bcship/carriers/endicia must hold a JSON object');
  });

  test('a carrier without any secret is a MissingSecret naming every name looked up', async () => {
    const { secrets } = port({}, { whereToCreate: { carrier: 'add one to the vault' } });
    const error = await failure(secrets.getCarrierConnection('abc123', 'fedex'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toBe(
      'No connection secret for carrier fedex: none of bcship/stores/abc123/carriers/fedex, ' +
        'bcship/carriers/fedex exists; add one to the vault',
    );
  });

  test('without a shared prefix, a missing carrier secret says that no shared prefix is configured', async () => {
    const { secrets, looked } = port(
      { 'bcship/carriers/endicia': { account_id: 'shared' } },
      {
        carrierPrefix: undefined,
      },
    );
    const error = await failure(secrets.getCarrierConnection('abc123', 'endicia'));
    expect(error.message).toMatch(/no shared carrier secret prefix is configured/);
    expect(looked).toEqual(['bcship/stores/abc123/carriers/endicia']);
  });

  test('lets a failing lookup through as itself', async () => {
    const secrets = secretsPort(async () => {
      throw new Error('vault unreachable');
    }, PREFIXES);
    await expect(secrets.getStoreToken('abc123')).rejects.toThrow('vault unreachable');
  });
});
