/**
 * The ports of the app's install flow and of onboarding, as port groups of their own (see aws-deps.ts): only
 * the entries of the operations that use them name them, so no other bundle carries the OAuth, token-writing
 * or assignment code.
 */
import { createShippingClient } from '../bigcommerce/client.ts';
import { DEFAULT_LOGIN_URL } from '../bigcommerce/oauth.ts';
import { appCredentialsReader } from './app-credentials.ts';
import { shippedAssignments } from './assignments.ts';
import { once, type PortGroup } from './aws-deps.ts';
import { secretTextReader } from './aws-secrets.ts';
import { createSecretsManagerTokens } from './aws-store-tokens.ts';
import { ENV, requireEnv } from './environment.ts';
import type { AppCredentials, StoreTokenWriterPort } from './ports.ts';

/** The app's credentials (APP_SECRET_NAME, cached like every secret) and the token endpoint (BC_LOGIN_URL). */
export const appPorts: PortGroup = (env) => {
  const credentials = once(() =>
    appCredentialsReader(requireEnv(env, ENV.appSecretName), secretTextReader()),
  );
  return {
    appCredentials: (): Promise<AppCredentials> => credentials()(),
    get loginUrl() {
      return env[ENV.loginUrl] || DEFAULT_LOGIN_URL;
    },
  };
};

/** Writing store tokens under STORE_SECRET_PREFIX. */
export const storeTokenPorts: PortGroup = (env) => {
  const storeTokens = once(
    (): StoreTokenWriterPort =>
      createSecretsManagerTokens({ storePrefix: requireEnv(env, ENV.storeSecretPrefix) }),
  );
  return {
    get storeTokens() {
      return storeTokens();
    },
  };
};

/** The assignment rules bundled with the profiles, and `GET /v2/store` with a given or the stored token. */
export const onboardingPorts: PortGroup = (env, deps) => {
  const assignments = once(() => shippedAssignments(deps.profiles.names()));
  return {
    assignments: () => assignments(),
    storeInformation: async (storeHash: string, accessToken?: string) => {
      const baseUrl = env[ENV.bigcommerceApiUrl] || undefined;
      return createShippingClient({
        storeHash,
        accessToken: accessToken ?? (await deps.secrets.getStoreToken(storeHash)),
        ...(baseUrl ? { baseUrl } : {}),
      }).getStore();
    },
  };
};
