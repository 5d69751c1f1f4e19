/**
 * What every SecretsPort does with the secrets it keeps under the deployed names: the store token is read,
 * a store's own carrier secret wins over the shared one, and a missing or malformed secret is a
 * MissingSecret that names the secret and never quotes a value.
 */
import { describe, expect, test } from 'vitest';
import { MissingSecret, type SecretsPort } from '../../../../lambdas/platform/ports.ts';
import type { SecretPrefixes } from '../../../../lambdas/platform/secret-names.ts';

/** A secrets port holding exactly these secrets (name → the secret's text), read with these prefixes. */
export type SecretsFactory = (
  secrets: Record<string, string>,
  prefixes: Required<SecretPrefixes>,
) => Promise<SecretsPort>;

const failure = async (attempt: Promise<unknown>) => (await attempt.catch((e: unknown) => e)) as Error;

let tests = 0;

export function describeSecretsContract(adapterName: string, factory: SecretsFactory): void {
  describe(`${adapterName} (SecretsPort contract)`, () => {
    // Prefixes of their own for each test, so that tests sharing one Secrets Manager never meet.
    const given = (secrets: (p: Required<SecretPrefixes>) => Record<string, string>) => {
      const prefixes = { storePrefix: `t${++tests}/stores`, carrierPrefix: `t${tests}/carriers` };
      return { prefixes, port: factory(secrets(prefixes), prefixes) };
    };
    const text = (value: unknown) => JSON.stringify(value);

    test('reads the store token', async () => {
      const { port } = given((p) => ({ [`${p.storePrefix}/abc123`]: text({ accessToken: 'tok-1' }) }));
      expect(await (await port).getStoreToken('abc123')).toBe('tok-1');
    });

    test('a store’s own carrier secret wins over the shared one, which the other stores get', async () => {
      const { port } = given((p) => ({
        [`${p.storePrefix}/abc123/carriers/endicia`]: text({ account_id: 'store-specific' }),
        [`${p.carrierPrefix}/endicia`]: text({ account_id: 'shared' }),
      }));
      const secrets = await port;
      expect(await secrets.getCarrierConnection('abc123', 'endicia')).toEqual({
        account_id: 'store-specific',
      });
      expect(await secrets.getCarrierConnection('def456', 'endicia')).toEqual({ account_id: 'shared' });
    });

    test('a missing store secret is a MissingSecret naming it and quoting no value', async () => {
      const { port, prefixes } = given((p) => ({
        [`${p.storePrefix}/other9`]: text({ accessToken: 'tok-other-5521' }),
        [`${p.carrierPrefix}/endicia`]: text({ account_id: 'acct-7716' }),
      }));
      const error = await failure((await port).getStoreToken('abc123'));
      expect(error).toBeInstanceOf(MissingSecret);
      expect(error.message).toContain(`${prefixes.storePrefix}/abc123`);
      expect(error.message).not.toMatch(/tok-other-5521|acct-7716/);
    });

    test('a carrier without any secret is a MissingSecret naming every name looked up', async () => {
      const { port, prefixes } = given((p) => ({
        [`${p.carrierPrefix}/endicia`]: text({ account_id: 'a-1' }),
      }));
      const error = await failure((await port).getCarrierConnection('abc123', 'fedex'));
      expect(error).toBeInstanceOf(MissingSecret);
      expect(error.message).toContain(`${prefixes.storePrefix}/abc123/carriers/fedex`);
      expect(error.message).toContain(`${prefixes.carrierPrefix}/fedex`);
      expect(error.message).not.toContain('a-1');
    });

    test('a store secret without a token, or not JSON, is a MissingSecret that does not quote it', async () => {
      const { port } = given((p) => ({
        [`${p.storePrefix}/abc123`]: text({ access_token: 'tok-misnamed-8812' }),
        [`${p.storePrefix}/def456`]: 'tok-plain-text-3390',
      }));
      const secrets = await port;
      for (const [store, value] of [
        ['abc123', 'tok-misnamed-8812'],
        ['def456', 'tok-plain-text-3390'],
      ]) {
        const error = await failure(secrets.getStoreToken(store as string));
        expect(error).toBeInstanceOf(MissingSecret);
        expect(error.message).not.toContain(value);
      }
    });

    test('a name that looks like another secret’s name plus an ARN suffix is its own secret', async () => {
      // Secrets Manager's ARNs end in `-` and six random characters: `…:secret:t1/stores/abc123-a1B2c3`.
      const { port } = given((p) => ({
        [`${p.storePrefix}/abc123`]: text({ accessToken: 'tok-plain' }),
        [`${p.storePrefix}/abc123-a1B2c3`]: text({ accessToken: 'tok-suffixed' }),
      }));
      const secrets = await port;
      expect(await secrets.getStoreToken('abc123-a1B2c3')).toBe('tok-suffixed');
      expect(await secrets.getStoreToken('abc123')).toBe('tok-plain');
      await expect(secrets.getStoreToken('abc123-zZ9yY8')).rejects.toThrow(MissingSecret);
    });
  });
}
