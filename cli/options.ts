/**
 * Every option of the bcship CLI, declared once: its flags, its help and its default. Commands pick the
 * options they take by name (main.ts), so an option means the same thing, with the same default, in every
 * command that takes it.
 */
import { type Command, Option } from 'commander';

interface OptionDefinition {
  flags: string;
  description: string;
  /** Read from the environment the CLI runs in (an in-process caller passes its own). */
  default?: (env: NodeJS.ProcessEnv) => string;
  /** Options that cannot be given together with this one, where a command takes both. */
  conflicts?: readonly string[];
  /** Given more than once: each value is kept, in order. */
  repeatable?: boolean;
}

const OPTIONS = {
  store: {
    flags: '--store <hash>',
    description: 'store hash; plan, onboard and verify default to $BC_STORE_HASH, status to every store',
  },
  profile: {
    flags: '--profile <name-or-file>',
    description: 'a profile name from profiles/ or a YAML/JSON profile file',
  },
  local: {
    flags: '--local',
    description: 'run the state machine on this machine (default)',
    conflicts: ['aws'],
  },
  aws: {
    flags: '--aws',
    description: 'use the deployed stack: its state machine, or (status) its registry table',
    conflicts: ['local'],
  },
  apiUrl: {
    flags: '--api-url <url>',
    description: 'Shipping V2 base URL up to /v2, local runs (default: $BC_API_URL)',
  },
  secrets: {
    flags: '--secrets <file>',
    description: 'local secrets file (default: $BCSHIP_SECRETS_FILE or <home>/secrets.json)',
  },
  home: {
    flags: '--home <dir>',
    description: 'local state folder (registry, secrets)',
    default: (env) => env.BCSHIP_HOME ?? '.bcship',
  },
  stateMachineArn: {
    flags: '--state-machine-arn <arn>',
    description: 'with --aws (default: $BCSHIP_STATE_MACHINE_ARN)',
  },
  runId: {
    flags: '--run-id <id>',
    description: 'with --aws: names a deliberate re-run (default: the current UTC hour)',
  },
  table: {
    flags: '--table <name>',
    description: 'with --aws (default: $BCSHIP_TABLE_NAME; see the stack outputs)',
  },
  json: { flags: '--json', description: 'print the result as JSON, without progress' },
  detailedExitcode: {
    flags: '--detailed-exitcode',
    description: 'exit 0 when nothing changed or would change, 2 when something did or would, 1 on any error',
  },
  yes: {
    flags: '--yes',
    description:
      'do without asking: the deletes a plan makes (onboard), releasing a lease (unlock); required where nobody can answer',
  },
  execution: {
    flags: '--execution <name>',
    description: 'the execution whose changes to undo (its name: bcship status, the run record, the console)',
  },
  rollBackOnFailure: { flags: '--rollback', description: 'undo this run’s changes if it fails' },
  reconnect: { flags: '--reconnect', description: 'connect every carrier again (after rotating its secret)' },
  fresh: { flags: '--fresh', description: 'forget the sandbox state of earlier demo runs' },
  install: {
    flags: '--install',
    description:
      'show a store’s life with the app: install, token, profile, onboarding, load page, uninstall',
  },
  port: {
    flags: '--port <n>',
    description: 'port to listen on, on 127.0.0.1 (0: a free one)',
    default: () => '4020',
  },
  apply: { flags: '--apply', description: 'fix drift instead of only reporting it' },
  to: {
    flags: '--to <country/state/zip>',
    description: 'the shopper’s address: an ISO country code, then optionally a state and a postal code',
  },
  item: {
    flags: '--item <sku[xqty]>',
    description: 'a product variant in the cart by its SKU, with a quantity (default 1); repeatable',
    repeatable: true,
  },
  channel: { flags: '--channel <id>', description: 'the storefront channel (default 1)' },
  stores: {
    flags: '--stores <hashes>',
    description:
      'run these stores, comma-separated, at once (bounded by --concurrency), then one summary table',
    conflicts: ['store', 'all'],
  },
  all: {
    flags: '--all',
    description: 'run every store of --fleet FILE, or else of the local registry',
    conflicts: ['store', 'stores'],
  },
  fleet: {
    flags: '--fleet <file>',
    description:
      'a fleet file: stores: [{ store, profile, secrets? }] (implies --all unless --stores picks some)',
  },
  concurrency: {
    flags: '--concurrency <n>',
    description: 'stores run at once with --stores/--all (default 4)',
  },
  zones: {
    flags: '--zones <names-or-ids>',
    description: 'export only these zones: names or ids, comma-separated (default every zone)',
  },
  output: {
    flags: '-o, --output <path>',
    description: 'write the profile to this file (with --stores/--all: a folder, one <store>.yaml each)',
  },
  profileName: {
    flags: '--name <profile-name>',
    description: 'the exported profile’s name (default store-<hash>)',
  },
} as const satisfies Record<string, OptionDefinition>;

export type OptionName = keyof typeof OPTIONS;

/** How one command takes an option: whether it must be given, or what it defaults to there. */
interface OptionUse {
  required?: boolean;
  default?: string;
}

/** Adds the named options to `command`, in the order given. */
export function addOptions(
  command: Command,
  env: NodeJS.ProcessEnv,
  names: readonly OptionName[],
  uses: Partial<Record<OptionName, OptionUse>> = {},
): Command {
  for (const name of names) command.addOption(commanderOption(OPTIONS[name], env, uses[name]));
  return command;
}

function commanderOption(definition: OptionDefinition, env: NodeJS.ProcessEnv, use: OptionUse = {}): Option {
  const option = new Option(definition.flags, definition.description);
  const defaultValue = use.default ?? definition.default?.(env);
  if (defaultValue !== undefined) option.default(defaultValue);
  if (definition.conflicts) option.conflicts([...definition.conflicts]);
  if (use.required) option.makeOptionMandatory();
  if (definition.repeatable)
    option.argParser((value: string, previous: string[] = []) => [...previous, value]);
  return option;
}
