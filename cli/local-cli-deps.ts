/** What a local run from the command line works with: local files, the environment, a BigCommerce URL. */
import { join } from 'node:path';
import type { Deps } from '../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES, storeSecretName } from '../lambdas/platform/secret-names.ts';
import { FileSecrets } from '../local/platform/file-secrets.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import { DEFAULT_API_URL, localDeps } from '../local/platform/local-deps.ts';
import type { CliIO } from './report.ts';
import { profilesDirectory, UsageError } from './run.ts';

/**
 * Deps for local runs: the registry in `<home>`, secrets from the secrets file plus `BC_ACCESS_TOKEN` (for
 * `BC_STORE_HASH`, or the store being run), and BigCommerce at `--api-url` / `BC_API_URL`.
 */
export function localCliDeps(
  options: { home: string; secrets?: string; apiUrl?: string },
  io: CliIO,
  storeHash?: string,
): Deps {
  const token = io.env.BC_ACCESS_TOKEN;
  const tokenStore = io.env.BC_STORE_HASH || storeHash;
  const secrets = new FileSecrets({
    file: options.secrets ?? io.env.BCSHIP_SECRETS_FILE ?? join(options.home, 'secrets.json'),
    values:
      token && tokenStore
        ? { [storeSecretName(DEFAULT_SECRET_PREFIXES, tokenStore)]: { accessToken: token } }
        : {},
  });
  const apiUrl = options.apiUrl ?? io.env.BC_API_URL ?? DEFAULT_API_URL;
  if (storeHash !== undefined) checkApiUrlNames(apiUrl, storeHash);
  const registry = openJsonRegistry(join(options.home, 'registry.json'));
  return localDeps({
    apiUrl,
    secrets,
    stores: registry.stores,
    leases: registry.leases,
    journal: registry.journal,
    profilesDir: profilesDirectory(),
  });
}

/**
 * The store named is the store written: an API URL that holds another store's hash (`/stores/<hash>/`) would
 * apply the profile to that store and register this one. `{storeHash}` is filled in with the store run.
 */
function checkApiUrlNames(apiUrl: string, storeHash: string): void {
  const named = /\/stores\/([^/?#]+)/.exec(apiUrl)?.[1];
  if (named === undefined || named === '{storeHash}' || named === '%7BstoreHash%7D') return;
  if (named.toLowerCase() !== storeHash.toLowerCase()) {
    throw new UsageError(
      `the API URL names store ${named} but --store is ${storeHash}; ` +
        'use {storeHash} in BC_API_URL / --api-url (…/stores/{storeHash}/v2), or run the store it names',
    );
  }
}
