/**
 * `bcship demo`: the whole job on the bundled sandbox. It starts the sandbox in-process (restoring the store
 * from earlier demo runs, so a second run shows zero changes), runs the synthesized state machine locally
 * with an example profile, prints the changes and the verification table, and saves the store again.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_SECRET_PREFIXES,
  sharedCarrierSecretName,
  storeSecretName,
} from '../lambdas/platform/secret-names.ts';
import { FileSecrets } from '../local/platform/file-secrets.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import { localDeps } from '../local/platform/local-deps.ts';
import {
  defaultStoreHash,
  defaultStoreToken,
  loadSeedFile,
  seedFromSnapshots,
  startSandbox,
} from '../sandbox/index.ts';
import { type CliIO, printResult } from './report.ts';
import { EXIT, profilesDirectory, runWorkflow } from './run.ts';

export interface DemoOptions {
  profile: string;
  fresh?: boolean;
  /** Where the demo keeps its sandbox store and registry between runs. */
  home: string;
  /** Progress rendering (tests turn it off). */
  progress?: boolean;
  /** Print only the run's result, as JSON. */
  json?: boolean;
}

/** Connection fields the sandbox accepts for the carriers the example profiles use. Not real credentials. */
export const DEMO_CARRIER_SECRETS = {
  [sharedCarrierSecretName(DEFAULT_SECRET_PREFIXES.carrierPrefix, 'endicia')]: {
    account_id: 'demo-account',
    pass_phrase: 'demo-pass-phrase',
  },
};

export async function runDemo(options: DemoOptions, io: CliIO): Promise<number> {
  const statePath = join(options.home, 'sandbox-store.json');
  const registry = openJsonRegistry(join(options.home, 'registry.json'));
  if (options.fresh) rmSync(options.home, { recursive: true, force: true });
  mkdirSync(options.home, { recursive: true });

  const sandbox = await startSandbox(existsSync(statePath) ? { seed: loadSeedFile(statePath) } : {});
  // With --json, stdout holds the result alone.
  const say = options.json ? () => undefined : io.out;
  try {
    say(`BigCommerce sandbox at ${sandbox.baseUrl(defaultStoreHash)} (store ${defaultStoreHash})`);
    say(`Onboarding it with profile ${options.profile}: connect carriers → apply zone methods → verify\n`);
    const deps = localDeps({
      apiUrl: `${sandbox.url}/stores/{storeHash}/v2`,
      secrets: new FileSecrets({
        values: {
          [storeSecretName(DEFAULT_SECRET_PREFIXES, defaultStoreHash)]: { accessToken: defaultStoreToken },
          ...DEMO_CARRIER_SECRETS,
        },
      }),
      stores: registry.stores,
      leases: registry.leases,
      journal: registry.journal,
      profilesDir: profilesDirectory(),
    });
    const result = await runWorkflow({
      storeHash: defaultStoreHash,
      profile: options.profile,
      mode: 'apply',
      target: { kind: 'local', deps },
      progress: options.progress && !options.json,
    });
    printResult(result, io, options.json);
    say(`${sandbox.requests.length} request(s) to the sandbox.`);

    const seed = seedFromSnapshots(
      sandbox.stores().map((store) => ({ ...store, snapshot: sandbox.state(store.hash) })),
    );
    writeFileSync(statePath, `${JSON.stringify(seed, null, 2)}\n`);
    if (result.exitCode === EXIT.ok) {
      say(
        (result.summary?.changes.length ?? 0) > 0
          ? 'Run `npm run demo` again: the store already matches, so it makes no changes.'
          : '`npm run demo -- --fresh` starts over with an empty store.',
      );
    }
    return result.exitCode;
  } finally {
    await sandbox.close();
  }
}
