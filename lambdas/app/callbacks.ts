/**
 * The app's three callbacks, as BigCommerce calls them (REFERENCE.md §4):
 *
 *   GET /auth?code&scope&context&account_uuid   an install: scopes checked, code exchanged for the store's token,
 *                                               the token stored, the store registered with its assigned profile
 *                                               and onboarded
 *   GET /load?signed_payload_jwt                the merchant opens the app: the store's status page
 *   GET /uninstall?signed_payload_jwt           the store is deregistered, its token disabled, one event published
 *
 * A load or uninstall whose JWT does not verify (unsigned, forged, expired, another app's) is answered 401 before
 * anything is read or written. An install is refused (nothing written) when a scope is missing or the code is
 * refused; BigCommerce's codes work once, so a replayed /auth fails at the exchange.
 */
import { exchangeCode, OAuthCodeRejected } from '../bigcommerce/oauth.ts';
import { type AppJwtClaims, verifyAppJwt } from '../platform/app-jwt.ts';
import type { AppDeps } from '../platform/ports.ts';
import { deregisterAndAnnounce } from '../platform/store-events.ts';
import type { Profile } from '../shipping/profile.ts';
import { assignedProfile, registerAndOnboard } from './onboarding.ts';
import {
  type HttpResponse,
  htmlPage,
  missingScopesPage,
  paragraph,
  statusPage,
  table,
  unauthorizedPage,
} from './pages.ts';
import { missingScopes, splitScopes } from './scopes.ts';

export interface AppRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** `https://{host}`: with `/auth`, the redirect URI the code was issued for. */
  origin: string;
}

type CallbackOutcome =
  | 'installed'
  | 'refused-scopes'
  | 'refused-code'
  | 'bad-request'
  | 'loaded'
  | 'uninstalled'
  | 'already-uninstalled'
  | 'unauthorized'
  | 'not-found';

export interface CallbackResult {
  response: HttpResponse;
  outcome: CallbackOutcome;
  storeHash?: string;
  profile?: string;
  executionName?: string;
}

export async function handleCallback(request: AppRequest, deps: AppDeps): Promise<CallbackResult> {
  if (request.method !== 'GET') return notFound();
  switch (request.path.replace(/\/+$/, '')) {
    case '/auth':
      return install(request, deps);
    case '/load':
      return withVerifiedJwt(request, deps, (claims) => load(claims, deps));
    case '/uninstall':
      return withVerifiedJwt(request, deps, (claims) => uninstall(claims, deps));
    default:
      return notFound();
  }
}

const notFound = (): CallbackResult => ({
  outcome: 'not-found',
  response: htmlPage(404, 'Not found', paragraph('bcship answers /auth, /load and /uninstall.')),
});

const badRequest = (text: string): CallbackResult => ({
  outcome: 'bad-request',
  response: htmlPage(400, 'bcship cannot read this request', paragraph(text)),
});

const CONTEXT = /^stores\/([a-z0-9]{1,32})$/i;

async function install(request: AppRequest, deps: AppDeps): Promise<CallbackResult> {
  const { code, scope, context } = request.query;
  const storeHash = context ? CONTEXT.exec(context)?.[1]?.toLowerCase() : undefined;
  if (!code || scope === undefined || !context || !storeHash) {
    return badRequest('An install needs code, scope and context (stores/{hash}) query parameters.');
  }
  const granted = splitScopes(scope);
  const missing = missingScopes(granted);
  if (missing.length > 0)
    return { outcome: 'refused-scopes', storeHash, response: missingScopesPage(missing, granted) };

  const { clientId, clientSecret } = await deps.appCredentials();
  let token: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    const redirectUri = `${request.origin}/auth`;
    token = await exchangeCode({
      loginUrl: deps.loginUrl,
      clientId,
      clientSecret,
      code,
      scope,
      context,
      redirectUri,
    });
  } catch (error) {
    if (!(error instanceof OAuthCodeRejected)) throw error;
    return { outcome: 'refused-code', storeHash, response: refusedCodePage(error.message) };
  }
  if (token.storeHash !== storeHash) return badRequest('The token BigCommerce issued is for another store.');
  return onboardInstalledStore(deps, storeHash, token.accessToken, granted, code);
}

async function onboardInstalledStore(
  deps: AppDeps,
  storeHash: string,
  accessToken: string,
  granted: string[],
  code: string,
): Promise<CallbackResult> {
  const assignment = await assignedProfile(deps, storeHash, accessToken);
  const profile = deps.profiles.get(assignment.profile);
  const missing = missingScopes(granted, profile);
  if (missing.length > 0)
    return { outcome: 'refused-scopes', storeHash, response: missingScopesPage(missing, granted) };
  // A re-install replaces the token (BigCommerce has revoked the old one) and onboards the store again.
  await deps.storeTokens.putStoreToken(storeHash, accessToken);
  const { executionName } = await registerAndOnboard(deps, storeHash, assignment.profile, {
    kind: 'install',
    identity: code,
  });
  const rows = [
    ['Store', storeHash],
    ['Profile', assignment.profile],
    ['Why', assignment.reason],
    ['Onboarding', executionName],
  ];
  return {
    outcome: 'installed',
    storeHash,
    profile: assignment.profile,
    executionName,
    response: htmlPage(
      200,
      'bcship is installed',
      table('install', ['', ''], rows) +
        paragraph('Onboarding has started: open the app again to see how it went.'),
    ),
  };
}

const refusedCodePage = (reason: string): HttpResponse =>
  htmlPage(
    400,
    'bcship could not finish the install',
    paragraph(`${reason}. An install link works once: install the app again from the control panel.`),
  );

async function withVerifiedJwt(
  request: AppRequest,
  deps: AppDeps,
  then: (claims: AppJwtClaims) => Promise<CallbackResult>,
): Promise<CallbackResult> {
  const jwt = request.query.signed_payload_jwt;
  if (!jwt) return { outcome: 'unauthorized', response: unauthorizedPage() };
  const { clientId, clientSecret } = await deps.appCredentials();
  const verified = verifyAppJwt(jwt, { clientId, clientSecret });
  if (!verified.ok) return { outcome: 'unauthorized', response: unauthorizedPage() };
  return then(verified.claims);
}

async function load({ storeHash }: AppJwtClaims, deps: AppDeps): Promise<CallbackResult> {
  const store = await deps.stores.getStore(storeHash);
  let profile: Profile | undefined;
  if (store) {
    try {
      profile = deps.profiles.get(store.profileName);
    } catch {
      profile = undefined;
    }
  }
  return {
    outcome: 'loaded',
    storeHash,
    ...(store ? { profile: store.profileName } : {}),
    response: statusPage(storeHash, store, profile),
  };
}

async function uninstall({ storeHash }: AppJwtClaims, deps: AppDeps): Promise<CallbackResult> {
  await deps.storeTokens.disableStoreToken(storeHash);
  const ended = await deregisterAndAnnounce(deps, storeHash, { via: 'app-uninstall-callback' });
  return {
    outcome: ended ? 'uninstalled' : 'already-uninstalled',
    storeHash,
    response: htmlPage(
      200,
      'bcship is uninstalled',
      paragraph(`Store ${storeHash} is no longer managed by bcship.`),
    ),
  };
}
