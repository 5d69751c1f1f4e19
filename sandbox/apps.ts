/**
 * BigCommerce's side of a single-click app (docs: integrations/apps/guide/auth.mdx and callbacks.mdx, digested in
 * REFERENCE.md §4), so an app's callbacks can be exercised without BigCommerce:
 *
 * - the OAuth token endpoint, `POST /oauth2/token` (JSON, or form-encoded): `client_id`, `client_secret`, `code`,
 *   `context`, `scope`, `grant_type: authorization_code` and `redirect_uri` are each checked: the client must be a
 *   registered app with that secret, the code one issued to it for that store, not used before and not older than
 *   the codes' lifetime, and the redirect URI the app's auth callback. The answer is
 *   `{ access_token, scope, user, owner, context, account_uuid }`; the token is a new one for the store, which the
 *   store's API then accepts (a re-install replaces the app's previous token).
 * - the merchant: installing an app into a store (the browser's `GET {auth}?code&scope&context&account_uuid` with
 *   a fresh code), loading it and uninstalling it (`GET {load|uninstall}?signed_payload_jwt=…`, a JWT signed HS256
 *   with the client secret carrying `aud`, `iss`, `iat`, `nbf`, `exp`, `jti`, `sub`, `user`, `owner`, `url`,
 *   `channel_id`). An uninstall revokes the app's token.
 *
 * Independent of bcship's own code: the signing here is written from the docs, not shared with the verifier.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Outcome } from './router.ts';

export interface SandboxApp {
  clientId: string;
  clientSecret: string;
  /** Where the app answers: `{appUrl}/auth`, `/load` and `/uninstall` are its callbacks. */
  appUrl: string;
  /** The scopes the app's profile asks for (granted all or nothing). */
  scopes: string[];
}

export interface MerchantResponse {
  status: number;
  body: string;
  /** The URL called, without its query (which carries the code or the signed payload). */
  url: string;
}

interface IssuedCode {
  clientId: string;
  storeHash: string;
  scope: string;
  issuedAt: number;
  used: boolean;
}

/** How long a code can be exchanged: BigCommerce does not say; a few minutes is what its flow allows for. */
const CODE_LIFETIME_MS = 5 * 60_000;

const ACCOUNT_UUID = '00000000-0000-4000-8000-000000000000';

export class AppMarketplace {
  private readonly apps = new Map<string, SandboxApp>();
  private readonly codes = new Map<string, IssuedCode>();
  /** storeHash → clientId → the app's current token. */
  private readonly tokens = new Map<string, Map<string, string>>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  register(app: SandboxApp): void {
    this.apps.set(app.clientId, { ...app, appUrl: app.appUrl.replace(/\/+$/, ''), scopes: [...app.scopes] });
  }

  /** Whether `token` is an app token the store currently accepts. */
  accepts(storeHash: string, token: string | undefined): boolean {
    return token !== undefined && [...(this.tokens.get(storeHash)?.values() ?? [])].includes(token);
  }

  /** The merchant installs the app: the browser calls its auth callback with a fresh code. */
  async install(
    storeHash: string,
    clientId: string,
    options: { scopes?: string[] } = {},
  ): Promise<MerchantResponse> {
    const app = this.app(clientId);
    const scope = (options.scopes ?? app.scopes).join(' ');
    const code = randomBytes(18).toString('base64url');
    this.codes.set(code, { clientId, storeHash, scope, issuedAt: this.now(), used: false });
    const query = new URLSearchParams({
      code,
      scope,
      context: `stores/${storeHash}`,
      account_uuid: ACCOUNT_UUID,
    });
    return this.call(`${app.appUrl}/auth`, query);
  }

  /** Calls the auth callback again with the code of the last install: what a replayed request does. */
  async replayLastInstall(storeHash: string, clientId: string): Promise<MerchantResponse> {
    const app = this.app(clientId);
    const last = [...this.codes.entries()].filter(([, issued]) => issued.storeHash === storeHash).pop();
    if (!last) throw new Error(`No install of store ${storeHash} to replay`);
    const [code, issued] = last;
    const query = new URLSearchParams({
      code,
      scope: issued.scope,
      context: `stores/${storeHash}`,
      account_uuid: ACCOUNT_UUID,
    });
    return this.call(`${app.appUrl}/auth`, query);
  }

  /** The merchant opens the app: its load callback with a signed payload. */
  load(storeHash: string, clientId: string, claims: Record<string, unknown> = {}): Promise<MerchantResponse> {
    return this.callSigned('load', storeHash, clientId, claims);
  }

  /** The store uninstalls the app: its token is revoked, then the uninstall callback is called. */
  uninstall(
    storeHash: string,
    clientId: string,
    claims: Record<string, unknown> = {},
  ): Promise<MerchantResponse> {
    this.tokens.get(storeHash)?.delete(clientId);
    return this.callSigned('uninstall', storeHash, clientId, claims);
  }

  /** A signed payload as BigCommerce makes one; `claims` override its claims, `secret` the signing key. */
  signedPayload(
    storeHash: string,
    clientId: string,
    claims: Record<string, unknown> = {},
    secret?: string,
  ): string {
    const app = this.app(clientId);
    const issuedAt = Math.floor(this.now() / 1000);
    const payload = {
      aud: clientId,
      iss: 'bc',
      iat: issuedAt,
      nbf: issuedAt - 5,
      exp: issuedAt + 24 * 3600,
      jti: randomUUID(),
      sub: `stores/${storeHash}`,
      user: { id: 9_876_543, email: 'merchant@example.com', locale: 'en-US' },
      owner: { id: 9_876_543, email: 'merchant@example.com' },
      url: '/',
      channel_id: null,
      ...claims,
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(payload)}`;
    const signature = createHmac('sha256', secret ?? app.clientSecret)
      .update(unsigned)
      .digest('base64url');
    return `${unsigned}.${signature}`;
  }

  /**
   * `POST /_merchant/{install|load|uninstall}?store=H&client_id=C`: the merchant's action, for a sandbox run from
   * the command line. Answers the app's answer as `{ status, body }`.
   */
  async merchant(action: string, params: URLSearchParams): Promise<Outcome> {
    const store = params.get('store');
    const clientId = params.get('client_id');
    if (!store || !clientId) return { status: 400, body: { error: 'store and client_id are required' } };
    if (!this.apps.has(clientId))
      return { status: 404, body: { error: `No app with client id ${clientId}` } };
    const actions: Record<string, () => Promise<MerchantResponse>> = {
      install: () => this.install(store, clientId),
      load: () => this.load(store, clientId),
      uninstall: () => this.uninstall(store, clientId),
    };
    const act = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!act) return { status: 404, body: { error: 'The merchant can install, load or uninstall' } };
    try {
      const { status, body } = await act();
      return { status: 200, body: { status, body } };
    } catch (error) {
      return { status: 502, body: { error: `The app did not answer: ${(error as Error).message}` } };
    }
  }

  /** `POST /oauth2/token`. */
  exchange(rawBody: string | undefined, contentType: string | undefined): Outcome {
    const body = parseTokenRequest(rawBody, contentType);
    const refused = this.refusal(body);
    if (refused) return { status: refused.status, body: { error: refused.error } };
    const { clientId, storeHash, scope } = this.codes.get(body.code as string) as IssuedCode;
    (this.codes.get(body.code as string) as IssuedCode).used = true;
    const token = `app-${randomBytes(16).toString('hex')}`;
    const storeTokens = this.tokens.get(storeHash) ?? new Map<string, string>();
    storeTokens.set(clientId, token);
    this.tokens.set(storeHash, storeTokens);
    const user = { id: 9_876_543, username: 'merchant', email: 'merchant@example.com' };
    return {
      status: 200,
      body: {
        access_token: token,
        scope,
        user,
        owner: user,
        context: `stores/${storeHash}`,
        account_uuid: ACCOUNT_UUID,
      },
    };
  }

  private refusal(body: Record<string, unknown>): { status: number; error: string } | undefined {
    const app = typeof body.client_id === 'string' ? this.apps.get(body.client_id) : undefined;
    if (!app || body.client_secret !== app.clientSecret)
      return { status: 401, error: 'Invalid client id or secret' };
    if (body.grant_type !== 'authorization_code') return { status: 400, error: 'Invalid grant_type' };
    const issued = typeof body.code === 'string' ? this.codes.get(body.code) : undefined;
    if (!issued || issued.clientId !== app.clientId) return { status: 400, error: 'Invalid code' };
    if (issued.used) return { status: 400, error: 'The code was already used' };
    if (this.now() - issued.issuedAt > CODE_LIFETIME_MS)
      return { status: 400, error: 'The code has expired' };
    if (body.context !== `stores/${issued.storeHash}`) return { status: 400, error: 'Invalid context' };
    if (body.redirect_uri !== `${app.appUrl}/auth`) return { status: 400, error: 'Invalid redirect_uri' };
    if (
      typeof body.scope !== 'string' ||
      body.scope.split(/\s+/).sort().join(' ') !== issued.scope.split(/\s+/).sort().join(' ')
    ) {
      return { status: 400, error: 'Invalid scope' };
    }
    return undefined;
  }

  private callSigned(
    callback: 'load' | 'uninstall',
    storeHash: string,
    clientId: string,
    claims: Record<string, unknown>,
  ): Promise<MerchantResponse> {
    const app = this.app(clientId);
    const query = new URLSearchParams({
      signed_payload_jwt: this.signedPayload(storeHash, clientId, claims),
    });
    return this.call(`${app.appUrl}/${callback}`, query);
  }

  private async call(url: string, query: URLSearchParams): Promise<MerchantResponse> {
    const response = await fetch(`${url}?${query}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(120_000),
    });
    return { status: response.status, body: await response.text(), url };
  }

  private app(clientId: string): SandboxApp {
    const app = this.apps.get(clientId);
    if (!app) throw new Error(`No app with client id ${clientId} is registered with the sandbox`);
    return app;
  }
}

/** The token request's fields: JSON as the docs show it, or the form encoding older examples use. */
function parseTokenRequest(
  rawBody: string | undefined,
  contentType: string | undefined,
): Record<string, unknown> {
  if (!rawBody) return {};
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(rawBody));
  }
  try {
    const value: unknown = JSON.parse(rawBody);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
