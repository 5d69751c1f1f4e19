/**
 * AppDeps off AWS, for `bcship app serve` and the demo: the run's local ports (registry, secrets, events,
 * profiles), store tokens written to the secrets file, the assignment rules of the profiles folder, the app's
 * credentials as given, and executions run on this machine.
 */
import { createShippingClient } from '../../lambdas/bigcommerce/client.ts';
import type { AppCredentials, AppDeps, Deps, ExecutionStarterPort } from '../../lambdas/platform/ports.ts';
import { InvalidAssignments } from '../../lambdas/shipping/assignment.ts';
import { directoryAssignments } from '../../lib/directory-profiles.ts';
import { FileStoreTokens } from './file-secrets.ts';

export interface LocalAppDepsOptions {
  /** What local runs use: the registry, secrets, events and profiles the callbacks share with them. */
  deps: Deps;
  /** Shipping V2 base URL up to /v2, `{storeHash}` replaced per store. */
  apiUrl: string;
  /** Where installed stores' tokens are written (the file `deps.secrets` reads). */
  secretsFile: string;
  /** The folder of `deps.profiles`, whose `assignments.yaml` picks a new store's profile. */
  profilesDir: string;
  credentials: () => Promise<AppCredentials>;
  loginUrl: string;
  executions: ExecutionStarterPort;
}

export function localAppDeps(options: LocalAppDepsOptions): AppDeps {
  const { deps } = options;
  return {
    stores: deps.stores,
    events: deps.events,
    secrets: deps.secrets,
    profiles: deps.profiles,
    executions: options.executions,
    appCredentials: options.credentials,
    loginUrl: options.loginUrl,
    storeTokens: new FileStoreTokens(options.secretsFile),
    storeInformation: async (storeHash, accessToken) =>
      createShippingClient({
        storeHash,
        accessToken: accessToken ?? (await deps.secrets.getStoreToken(storeHash)),
        baseUrl: options.apiUrl,
      }).getStore(),
    assignments: () => {
      const rules = directoryAssignments(options.profilesDir, deps.profiles.names());
      if (!rules) {
        throw new InvalidAssignments(
          [{ path: '', message: 'the profiles folder has no assignments.yaml' }],
          options.profilesDir,
        );
      }
      return rules;
    },
  };
}
