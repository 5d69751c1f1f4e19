/**
 * The bcship command line. Commands parse their options, build Deps or an AWS target, and hand over to
 * run.ts; user errors become one readable line and exit code 2, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Command, CommanderError, Option } from 'commander';
import { createDocumentClient, createDynamoRegistry } from '../lambdas/platform/aws-registry.ts';
import type { Deps, RegistryPort, StoreEntry } from '../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES, storeSecretName } from '../lambdas/platform/secret-names.ts';
import { parseProfileText } from '../lambdas/shipping/profile-text.ts';
import type { Mode } from '../lambdas/workflow-contract.ts';
import { FileSecrets } from '../local/platform/file-secrets.ts';
import { JsonRegistry } from '../local/platform/json-registry.ts';
import { DEFAULT_API_URL, localDeps } from '../local/platform/local-deps.ts';
import { runDemo } from './demo.ts';
import { reconcileLocally } from './reconcile.ts';
import { type CliIO, printResult } from './report.ts';
import { EXIT, isBadInput, profilesDirectory, type RunRequest, runWorkflow, UsageError } from './run.ts';
import { runSandboxCommand } from './sandbox.ts';

const defaultIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

interface WorkflowOptions {
  store?: string;
  profile: string;
  local?: boolean;
  aws?: boolean;
  apiUrl?: string;
  secrets?: string;
  home: string;
  stateMachineArn?: string;
  runId?: string;
  rollback?: boolean;
  reconnect?: boolean;
  json?: boolean;
}

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('bcship')
    .description('BigCommerce shipping setup as code, on AWS Step Functions or locally')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const workflowCommand = (name: string, mode: Mode, description: string) =>
    program
      .command(name)
      .description(description)
      .option('--store <hash>', 'store hash (default: $BC_STORE_HASH)')
      .requiredOption('--profile <name-or-file>', 'a profile name from profiles/ or a YAML/JSON profile file')
      .addOption(new Option('--local', 'run the state machine on this machine (default)').conflicts('aws'))
      .addOption(new Option('--aws', 'start the deployed state machine').conflicts('local'))
      .option('--api-url <url>', 'Shipping V2 base URL up to /v2, local runs (default: $BC_API_URL)')
      .option('--secrets <file>', 'local secrets file (default: $BCSHIP_SECRETS_FILE or <home>/secrets.json)')
      .option('--home <dir>', 'local state folder (registry, secrets)', io.env.BCSHIP_HOME ?? '.bcship')
      .option('--state-machine-arn <arn>', 'with --aws (default: $BCSHIP_STATE_MACHINE_ARN)')
      .option('--run-id <id>', 'with --aws: names a deliberate re-run (default: the current UTC hour)')
      .option('--json', 'print the result as JSON, without progress')
      .action(async (options: WorkflowOptions) => {
        exitCode = await workflow(mode, options, io);
      });

  workflowCommand('plan', 'plan', 'show the changes a run would make, writing nothing');
  workflowCommand('onboard', 'apply', 'connect carriers, apply the zone methods, verify')
    .option('--rollback', 'undo this run’s changes if it fails')
    .option('--reconnect', 'connect every carrier again (after rotating its secret)');
  workflowCommand('verify', 'verify', 'compare the store with the profile; exit 1 on drift');

  program
    .command('demo')
    .description('start the bundled sandbox and onboard its store with an example profile')
    .option('--profile <name>', 'example profile to apply', 'us-standard')
    .option('--fresh', 'forget the sandbox state of earlier demo runs')
    .option('--home <dir>', 'local state folder', io.env.BCSHIP_HOME ?? '.bcship')
    .action(async (options: { profile: string; fresh?: boolean; home: string }) => {
      exitCode = await runDemo(
        { ...options, home: join(options.home, 'demo'), progress: io.progress !== false },
        io,
      );
    });

  program
    .command('reconcile')
    .description('verify every store of the local registry against its profile, as the schedule does on AWS')
    .option('--apply', 'fix drift instead of only reporting it')
    .option('--api-url <url>', 'Shipping V2 base URL up to /v2 (default: $BC_API_URL)')
    .option('--secrets <file>', 'local secrets file (default: $BCSHIP_SECRETS_FILE or <home>/secrets.json)')
    .option('--home <dir>', 'local state folder (registry, secrets)', io.env.BCSHIP_HOME ?? '.bcship')
    .action(async (options: { apply?: boolean; apiUrl?: string; secrets?: string; home: string }) => {
      exitCode = await reconcileLocally(options, localCliDeps(options, io), io);
    });

  program
    .command('status')
    .description('last results per store, from the local registry or (--aws) the deployed one')
    .option('--store <hash>', 'one store')
    .option('--home <dir>', 'local state folder', io.env.BCSHIP_HOME ?? '.bcship')
    .addOption(new Option('--aws', 'read the deployed registry table'))
    .option('--table <name>', 'with --aws (default: $BCSHIP_TABLE_NAME; see the stack outputs)')
    .option('--json', 'print JSON')
    .action(async (options: StatusOptions) => {
      exitCode = await status(options, io);
    });

  program
    .command('sandbox')
    .description('run the BigCommerce sandbox server (see local/sandbox/README.md)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'sandbox options: --port, --seed, --quota, --faults, --latency, --strict')
    .action(async (args: string[]) => {
      exitCode = await runSandboxCommand(args);
    });

  program
    .command('profiles')
    .description('work with shipping profiles')
    .command('validate')
    .description('validate profile files')
    .argument('<files...>')
    .action((files: string[]) => {
      exitCode = validateProfiles(files, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (isBadInput(error) || error instanceof UsageError) {
      io.err(`bcship: ${(error as Error).message}`);
      return EXIT.badInput;
    }
    io.err(`bcship: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return EXIT.failed;
  }
}

async function workflow(mode: Mode, options: WorkflowOptions, io: CliIO): Promise<number> {
  const storeHash = options.store ?? io.env.BC_STORE_HASH;
  if (!storeHash) throw new UsageError('--store is required (or set BC_STORE_HASH)');
  const result = await runWorkflow({
    storeHash,
    profile: options.profile,
    mode,
    rollback: options.rollback,
    reconnect: options.reconnect,
    target: workflowTarget(storeHash, options, io),
    progress: !options.json && io.progress !== false,
  });
  printResult(result, io, options.json);
  return result.exitCode;
}

/** With --aws, the deployed state machine; otherwise Deps over local files and the BigCommerce API URL. */
function workflowTarget(storeHash: string, options: WorkflowOptions, io: CliIO): RunRequest['target'] {
  if (options.aws) {
    const stateMachineArn = options.stateMachineArn ?? io.env.BCSHIP_STATE_MACHINE_ARN;
    if (!stateMachineArn) {
      throw new UsageError(
        '--aws needs --state-machine-arn (or BCSHIP_STATE_MACHINE_ARN; see the stack outputs)',
      );
    }
    return { kind: 'aws', stateMachineArn, runId: options.runId };
  }
  return { kind: 'local', deps: localCliDeps(options, io, storeHash) };
}

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
  return localDeps({
    apiUrl: options.apiUrl ?? io.env.BC_API_URL ?? DEFAULT_API_URL,
    secrets,
    registry: new JsonRegistry(join(options.home, 'registry.json')),
    profilesDir: profilesDirectory(),
  });
}

interface StatusOptions {
  store?: string;
  home: string;
  aws?: boolean;
  table?: string;
  json?: boolean;
}

function statusRegistry(options: StatusOptions, io: CliIO): RegistryPort {
  if (!options.aws) return new JsonRegistry(join(options.home, 'registry.json'));
  const tableName = options.table ?? io.env.BCSHIP_TABLE_NAME;
  if (!tableName) throw new UsageError('--aws needs --table (or BCSHIP_TABLE_NAME; see the stack outputs)');
  return createDynamoRegistry({ tableName, client: createDocumentClient(new DynamoDBClient({})) });
}

async function status(options: StatusOptions, io: CliIO): Promise<number> {
  const registry = statusRegistry(options, io);
  const stores = options.store
    ? [await registry.getStore(options.store)].filter((s): s is StoreEntry => s !== undefined)
    : await registry.listStores();
  if (options.json) {
    io.out(JSON.stringify(stores, null, 2));
    return EXIT.ok;
  }
  if (stores.length === 0) {
    io.out(options.store ? `store ${options.store} is not registered` : 'no stores registered yet');
    return options.store ? EXIT.badInput : EXIT.ok;
  }
  for (const store of stores) {
    const last = store.lastRun;
    io.out(
      `${store.storeHash}  profile ${store.profileName}  ` +
        (last
          ? `last ${last.mode} ${last.outcome} at ${last.finishedAt} (${last.changes.length} change(s), ${last.mismatches.length} mismatch(es))`
          : 'never run'),
    );
  }
  return EXIT.ok;
}

function validateProfiles(files: string[], io: CliIO): number {
  let failed = 0;
  for (const file of files) {
    try {
      const profile = parseProfileText(readFileSync(file, 'utf8'), file);
      io.out(`ok  ${file} (${profile.name}: ${profile.zones.length} zone(s))`);
    } catch (error) {
      failed++;
      io.err(error instanceof Error && error.name !== 'Error' ? error.message : `${file}: ${String(error)}`);
    }
  }
  return failed ? EXIT.badInput : EXIT.ok;
}
