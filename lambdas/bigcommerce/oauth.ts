/**
 * The app install's code exchange (BigCommerce "single-click app" flow): `POST {loginUrl}/oauth2/token` with
 * the app's client id and secret, the one-time code, the scopes and store context BigCommerce sent to the
 * auth callback, and the auth callback's own URL as `redirect_uri`. The answer holds the store's access token.
 *
 * A code works once: a replayed or stale code is refused with a 4xx, which is `OAuthCodeRejected` (terminal;
 * the merchant installs again). Messages say what happened and never carry the code, the secret or the token.
 */
import * as z from 'zod/mini';
import { BigCommerceTimeout, BigCommerceUnavailable } from './errors.ts';

export const DEFAULT_LOGIN_URL = 'https://login.bigcommerce.com';

export interface CodeExchange {
  /** `https://login.bigcommerce.com`, or the sandbox's URL. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  code: string;
  /** The space-separated scopes the auth callback received. */
  scope: string;
  /** `stores/{hash}`. */
  context: string;
  /** The auth callback's URL exactly as registered with the app. */
  redirectUri: string;
  timeoutMs?: number;
}

export interface ExchangedToken {
  accessToken: string;
  /** The scopes granted, split. */
  scopes: string[];
  /** Lower case, from the answer's `context`. */
  storeHash: string;
}

/** BigCommerce refused the code (used before, expired, for another app or redirect URI). */
export class OAuthCodeRejected extends Error {
  override readonly name = 'OAuthCodeRejected';
}

const TokenResponseSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  scope: z.string(),
  context: z.string().check(z.regex(/^stores\/[a-z0-9]{1,32}$/i)),
});

const CONTEXT = { method: 'POST', path: '/oauth2/token' };

export async function exchangeCode(request: CodeExchange): Promise<ExchangedToken> {
  const timeoutMs = request.timeoutMs ?? 10_000;
  let response: Response;
  try {
    response = await fetch(`${request.loginUrl.replace(/\/+$/, '')}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        client_id: request.clientId,
        client_secret: request.clientSecret,
        code: request.code,
        scope: request.scope,
        grant_type: 'authorization_code',
        redirect_uri: request.redirectUri,
        context: request.context,
      }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      throw new BigCommerceTimeout(`no answer in ${timeoutMs} ms`, CONTEXT);
    throw new BigCommerceUnavailable('the token endpoint could not be reached', CONTEXT);
  }
  return tokenOf(response);
}

async function tokenOf(response: Response): Promise<ExchangedToken> {
  const text = await response.text();
  if (response.status >= 500) {
    throw new BigCommerceUnavailable(
      `the token endpoint answered ${response.status}`,
      CONTEXT,
      response.status,
    );
  }
  if (response.status !== 200) {
    throw new OAuthCodeRejected(
      `BigCommerce refused the authorization code (${response.status}${errorText(text)})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = z.safeParse(TokenResponseSchema, json);
  if (!parsed.success) {
    throw new OAuthCodeRejected('the token endpoint answered without an access token and store context');
  }
  return {
    accessToken: parsed.data.access_token,
    scopes: parsed.data.scope.split(/\s+/).filter(Boolean),
    storeHash: parsed.data.context.slice('stores/'.length).toLowerCase(),
  };
}

/** BigCommerce's `error` text, when the body has a short one; nothing else of the body is repeated. */
function errorText(body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: unknown; message?: unknown }) ?? {};
    const message = typeof error.error === 'string' ? error.error : error.message;
    return typeof message === 'string' && message.length <= 200
      ? `: ${message.replace(/[^\x20-\x7e]/g, '?')}`
      : '';
  } catch {
    return '';
  }
}
