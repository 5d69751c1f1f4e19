import { Webhook } from 'standardwebhooks';
import { describe, expect, test } from 'vitest';
import { MissingSecret } from '../../../lambdas/platform/ports.ts';
import { webhookSignatureVerifier } from '../../../lambdas/platform/webhook-signature.ts';

const SECRET_NAME = 'bcship/webhooks/client-secret';
const CLIENT_SECRET = 'client-secret-SIGNATURE-81f0';
const BODY = '{"scope":"store/information/updated"}';

const verifierWith = (secret: unknown) =>
  webhookSignatureVerifier({
    secretName: SECRET_NAME,
    lookup: async (name) => (name === SECRET_NAME ? secret : undefined),
  });

function signatureHeaders(body: string, key: string) {
  const at = new Date();
  return {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign('msg_1', at, body),
  };
}

describe('webhook signatures', () => {
  test('are keyed by the base64 of the client secret, as BigCommerce documents', async () => {
    const verify = verifierWith(JSON.stringify({ clientSecret: CLIENT_SECRET }));
    const base64Key = Buffer.from(CLIENT_SECRET).toString('base64');
    const rawKey = Buffer.from(CLIENT_SECRET).toString('hex');

    expect(await verify(BODY, signatureHeaders(BODY, base64Key))).toBe(true);
    expect(await verify(BODY, signatureHeaders(BODY, rawKey))).toBe(false);
  });

  test('accept a secret value that is already parsed', async () => {
    const verify = verifierWith({ clientSecret: CLIENT_SECRET });
    const key = Buffer.from(CLIENT_SECRET).toString('base64');

    expect(await verify(BODY, signatureHeaders(BODY, key))).toBe(true);
  });

  test('a missing secret is a MissingSecret naming it and how to create it', async () => {
    const verify = verifierWith(undefined);

    const error = await verify(BODY, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MissingSecret);
    expect((error as Error).message).toBe(
      `Secret ${SECRET_NAME} does not exist; create it as { "clientSecret": "…" } with the app's client secret`,
    );
  });

  test('a secret that is not JSON is a MissingSecret that does not quote it', async () => {
    const verify = verifierWith(`clientSecret=${CLIENT_SECRET}`);

    const error = (await verify(BODY, {}).catch((e: unknown) => e)) as Error;

    expect(error.message).toBe(`Secret ${SECRET_NAME} is not valid JSON`);
    expect(error.message).not.toContain(CLIENT_SECRET);
  });

  test('a secret without a clientSecret string is a MissingSecret', async () => {
    const verify = verifierWith(JSON.stringify({ client_secret: CLIENT_SECRET }));

    await expect(verify(BODY, {})).rejects.toThrow(`Secret ${SECRET_NAME} has no "clientSecret" string`);
  });
});
