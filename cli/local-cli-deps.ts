/** What a local run from the command line works with: local files, the environment, a BigCommerce URL. */
import { join } from 'node:path';
import type { Deps } from '../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES, storeSecretName } from '../lambdas/platform/secret-names.ts';
import { FileSecrets } from '../local/platform/file-secrets.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import { JsonRunArtifacts } from '../local/platform/json-run-artifacts.ts';
import { DEFAULT_API_URL, localDeps } from '../local/platform/local-deps.ts';
import { checkApiUrl, checkFile, checkFolder, settingName } from './configuration.ts';
import type { CliIO } from './report.ts';
import { profilesDirectory, UsageError } from './run.ts';

/**
 * Deps for local runs: the registry in `<home>`, each run's documents in `<home>/runs/<execution>/`, secrets from the secrets file plus `BC_ACCESS_TOKEN` (for
 * `BC_STORE_HASH`, or the store being run), and BigCommerce at `--api-url` / `BC_API_URL`.
 */
export function localCliDeps(
  options: { home: string; secrets?: string; apiUrl?: string },
  io: CliIO,
  storeHash?: string,
): Deps {
  const token = io.env.BC_ACCESS_TOKEN;
  const tokenStore = io.env.BC_STORE_HASH || storeHash;
  const apiUrl = options.apiUrl ?? io.env.BC_API_URL ?? DEFAULT_API_URL;
  checkApiUrl(apiUrl, settingName('--api-url', 'BC_API_URL', options.apiUrl !== undefined));
  if (storeHash !== undefined) checkApiUrlNames(apiUrl, storeHash);
  const homeSetting = settingName('--home', 'BCSHIP_HOME (or --home)', io.env.BCSHIP_HOME === undefined);
  checkFolder(options.home, homeSetting);
  const secretsFile = options.secrets ?? io.env.BCSHIP_SECRETS_FILE ?? join(options.home, 'secrets.json');
  const secretsSetting = settingName(
    '--secrets',
    'BCSHIP_SECRETS_FILE (or --secrets)',
    options.secrets !== undefined,
  );
  checkFile(secretsFile, secretsSetting, { optional: true });
  const secrets = asUsageError(
    secretsSetting,
    () =>
      new FileSecrets({
        file: secretsFile,
        values:
          token && tokenStore
            ? { [storeSecretName(DEFAULT_SECRET_PREFIXES, tokenStore)]: { accessToken: token } }
            : {},
      }),
  );
  const registryFile = join(options.home, 'registry.json');
  checkFile(registryFile, homeSetting, { optional: true });
  const registry = asUsageError(homeSetting, () => openJsonRegistry(registryFile));
  return localDeps({
    apiUrl,
    secrets,
    stores: registry.stores,
    leases: registry.leases,
    journal: registry.journal,
    artifacts: new JsonRunArtifacts(join(options.home, 'runs')),
    profilesDir: profilesDirectory(),
  });
}

/** A setting whose file cannot be read is the operator's to fix: exit 2, naming the setting. */
function asUsageError<T>(setting: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError(`${setting}: ${(error as Error).message}`);
  }
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
