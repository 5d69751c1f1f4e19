/**
 * The signed payloads are made by the sandbox, whose signing is written from BigCommerce's docs independently
 * of the verifier.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { verifyAppJwt } from '../../../lambdas/platform/app-jwt.ts';
import { AppMarketplace } from '../../../sandbox/apps.ts';

const app = {
  clientId: 'client-abc',
  clientSecret: 'secret-JWT-7f3e',
  appUrl: 'http://127.0.0.1:1',
  scopes: [],
};
const marketplace = new AppMarketplace(Date.now);
marketplace.register(app);
const options = { clientId: app.clientId, clientSecret: app.clientSecret };
const sign = (claims: Record<string, unknown> = {}, secret?: string) =>
  marketplace.signedPayload('ABC123', app.clientId, claims, secret);

describe('verifyAppJwt', () => {
  test('accepts BigCommerce’s payload and reads the store from sub, in lower case', () => {
    const verified = verifyAppJwt(sign(), options);
    expect(verified).toMatchObject({
      ok: true,
      claims: { storeHash: 'abc123', userEmail: 'merchant@example.com' },
    });
  });

  test.each([
    ['signed with another secret', () => sign({}, 'forged-secret'), 'bad signature'],
    ['expired', () => sign({ exp: Math.floor(Date.now() / 1000) - 120 }), 'expired'],
    ['not valid yet', () => sign({ nbf: Math.floor(Date.now() / 1000) + 600 }), 'not valid yet'],
    ['for another app', () => sign({ aud: 'other-client' }), 'issued for another app'],
    ['not issued by bc', () => sign({ iss: 'someone' }), 'not issued by BigCommerce'],
    ['about no store', () => sign({ sub: 'users/12' }), 'no store in "sub"'],
    ['without exp', () => sign({ exp: undefined }), 'expired'],
  ])('refuses a payload %s', (_, token, reason) => {
    expect(verifyAppJwt(token(), options)).toEqual({ ok: false, reason });
  });

  test('refuses an unsigned token (alg none) whatever its claims', () => {
    const [, payload] = sign().split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyAppJwt(`${header}.${payload}.`, options)).toEqual({
      ok: false,
      reason: 'not signed with HS256',
    });
  });

  test('refuses a payload changed after signing', () => {
    const [header, , signature] = sign().split('.');
    const payload = Buffer.from(
      JSON.stringify({ aud: app.clientId, iss: 'bc', exp: 9e9, sub: 'stores/other' }),
    ).toString('base64url');
    expect(verifyAppJwt(`${header}.${payload}.${signature}`, options)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
  });

  test('refuses what is not a JWT', () => {
    expect(verifyAppJwt('abc', options).ok).toBe(false);
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const unsigned = `${header}.bm90IGpzb24`;
    const signature = createHmac('sha256', app.clientSecret).update(unsigned).digest('base64url');
    expect(verifyAppJwt(`${unsigned}.${signature}`, options)).toEqual({
      ok: false,
      reason: 'unreadable payload',
    });
  });

  test('allows a minute of clock difference either way', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(verifyAppJwt(sign({ exp: now - 30 }), options).ok).toBe(true);
    expect(verifyAppJwt(sign({ nbf: now + 30 }), options).ok).toBe(true);
  });
});
