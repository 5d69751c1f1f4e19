import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MissingSecret } from '../../../lambdas/platform/ports.ts';
import { FileSecrets } from '../../../local/platform/file-secrets.ts';
import { describeSecretsContract } from '../../lambdas/platform/contracts/secrets.contract.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bcship-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A secrets file holding this JSON text. */
function secretsFile(content: unknown): string {
  const file = join(dir, 'secrets.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const failure = async (attempt: Promise<unknown>) => (await attempt.catch((e: unknown) => e)) as Error;

describe('FileSecrets', () => {
  test('reads the store token from the file under the deployed secret name', async () => {
    const file = secretsFile({ 'bcship/stores/abc123': { accessToken: 'tok-file' } });
    expect(await new FileSecrets({ file }).getStoreToken('abc123')).toBe('tok-file');
  });

  test('reads a value kept as JSON text, as Secrets Manager keeps it', async () => {
    const file = secretsFile({ 'bcship/stores/abc123': JSON.stringify({ accessToken: 'tok-text' }) });
    expect(await new FileSecrets({ file }).getStoreToken('abc123')).toBe('tok-text');
  });

  test('prefers the store-specific carrier secret over the shared one', async () => {
    const file = secretsFile({
      'bcship/stores/abc123/carriers/endicia': { account_id: 'store-specific' },
      'bcship/carriers/endicia': { account_id: 'shared' },
    });
    const secrets = new FileSecrets({ file });
    expect(await secrets.getCarrierConnection('abc123', 'endicia')).toEqual({ account_id: 'store-specific' });
    expect(await secrets.getCarrierConnection('other9', 'endicia')).toEqual({ account_id: 'shared' });
  });

  test('given values win over the file’s', async () => {
    const file = secretsFile({ 'bcship/stores/abc123': { accessToken: 'tok-file' } });
    const secrets = new FileSecrets({ file, values: { 'bcship/stores/abc123': { accessToken: 'tok-env' } } });
    expect(await secrets.getStoreToken('abc123')).toBe('tok-env');
  });

  test('a file that does not exist holds no secrets', async () => {
    const secrets = new FileSecrets({
      file: join(dir, 'absent.json'),
      values: { 'bcship/stores/abc123': { accessToken: 'tok-env' } },
    });
    expect(await secrets.getStoreToken('abc123')).toBe('tok-env');
  });

  test('uses the configured prefixes', async () => {
    const file = secretsFile({
      'acme/stores/abc123': { accessToken: 'tok-acme' },
      'acme/carriers/endicia': { account_id: 'acme-shared' },
    });
    const secrets = new FileSecrets({
      file,
      storeSecretPrefix: 'acme/stores',
      carrierSecretPrefix: 'acme/carriers',
    });
    expect(await secrets.getStoreToken('abc123')).toBe('tok-acme');
    expect(await secrets.getCarrierConnection('abc123', 'endicia')).toEqual({ account_id: 'acme-shared' });
  });

  test('a missing store token names the secret, the file and the environment variables that supply one', async () => {
    const file = secretsFile({});
    const error = await failure(new FileSecrets({ file }).getStoreToken('abc123'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toContain('bcship/stores/abc123');
    expect(error.message).toContain(file);
    expect(error.message).toContain('BC_ACCESS_TOKEN');
  });

  test('a missing carrier secret names both names it was looked up under', async () => {
    const error = await failure(new FileSecrets().getCarrierConnection('abc123', 'endicia'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).toContain('bcship/stores/abc123/carriers/endicia');
    expect(error.message).toContain('bcship/carriers/endicia');
  });

  test('a file that is not JSON is refused, naming the file without quoting its content', () => {
    const file = secretsFile('{"bcship/stores/abc123": {"accessToken": "tok-broken-7731"');
    const attempt = () => new FileSecrets({ file });
    expect(attempt).toThrow(MissingSecret);
    expect(attempt).toThrow(`Secrets file ${file} is not valid JSON`);
  });

  test('a file that is not an object of secrets by name is refused', () => {
    const file = secretsFile(['tok-in-array-1']);
    expect(() => new FileSecrets({ file })).toThrow(`Secrets file ${file} must hold a JSON object`);
  });

  test('a carrier secret that is not an object is refused without quoting it', async () => {
    const file = secretsFile({ 'bcship/carriers/endicia': ['acct-in-array-2'] });
    const error = await failure(new FileSecrets({ file }).getCarrierConnection('abc123', 'endicia'));
    expect(error).toBeInstanceOf(MissingSecret);
    expect(error.message).not.toContain('acct-in-array-2');
  });
});

describeSecretsContract(
  'FileSecrets',
  async (secrets, prefixes) =>
    new FileSecrets({
      file: secretsFile(secrets),
      storeSecretPrefix: prefixes.storePrefix,
      carrierSecretPrefix: prefixes.carrierPrefix,
    }),
);
