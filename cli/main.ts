/**
 * The bcship command line. Each command takes its options from the one table (options.ts), builds Deps or
 * an AWS target, and hands over to the module that does the work; user errors become one readable line and
 * exit code 2, never a stack trace.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError } from 'commander';
import { rollback } from '../lambdas/operations/rollback.ts';
import type { Mode } from '../lambdas/workflow-contract.ts';
import { type AppServeOptions, serveApp } from './app.ts';
import { type AssignOptions, assignStoreProfile } from './assign-profile.ts';
import { runDemo } from './demo.ts';
import { runInstallDemo } from './demo-install.ts';
import { type ExportCommandOptions, exportCommand } from './export-command.ts';
import { localCliDeps } from './local-cli-deps.ts';
import { addOptions, type OptionName } from './options.ts';
import { type ShowOptions, showProfile } from './profiles-show.ts';
import { type QuoteOptions, quote } from './quote.ts';
import { reconcileLocally } from './reconcile.ts';
import type { CliIO } from './report.ts';
import { type RollbackOptions, rollbackExecution } from './rollback.ts';
import { DETAILED_EXIT, EXIT, isBadInput, UsageError } from './run.ts';
import { runSandboxCommand } from './sandbox.ts';
import { type StatusOptions, status } from './status.ts';
import { type UnlockOptions, unlock } from './unlock.ts';
import { validateProfiles } from './validate-profiles.ts';
import { type WorkflowOptions, workflow } from './workflow-command.ts';

const defaultIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  ask: async (question) => {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await prompt.question(question);
    } finally {
      prompt.close();
    }
  },
};

/** What a command's action needs: where to write, and where its exit code goes. */
interface CommandContext {
  io: CliIO;
  exit: (code: number) => void;
}

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram({
    io,
    exit: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    const code = exitCodeForError(error, io);
    // With --detailed-exitcode, 2 means "changes": every error, bad input included, is 1.
    return code !== EXIT.ok && argv.includes('--detailed-exitcode') ? DETAILED_EXIT.error : code;
  }
}

function createProgram(cli: CommandContext): Command {
  const program = new Command()
    .name('bcship')
    .description('BigCommerce shipping setup as code, on AWS Step Functions or locally')
    .exitOverride()
    .configureOutput({ writeOut: (s) => cli.io.out(s.trimEnd()), writeErr: (s) => cli.io.err(s.trimEnd()) });
  addWorkflowCommands(program, cli);
  addExportCommand(program, cli);
  addQuoteCommand(program, cli);
  addDemoCommand(program, cli);
  addReconcileCommand(program, cli);
  addStatusCommand(program, cli);
  addUnlockCommand(program, cli);
  addRollbackCommand(program, cli);
  addSandboxCommand(program, cli);
  addProfilesCommand(program, cli);
  addAppCommand(program, cli);
  return program;
}

/** Commander's own errors (usage, --help) are already printed; ours are printed here, as one line. */
function exitCodeForError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  if (isBadInput(error) || error instanceof UsageError) {
    io.err(`bcship: ${(error as Error).message}`);
    return EXIT.badInput;
  }
  io.err(`bcship: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  return EXIT.failed;
}

/** What plan, onboard and verify all take. */
const WORKFLOW_OPTIONS: readonly OptionName[] = [
  'store',
  'profile',
  'local',
  'aws',
  'apiUrl',
  'secrets',
  'home',
  'stateMachineArn',
  'runId',
  'json',
  'detailedExitcode',
  'stores',
  'all',
  'fleet',
  'concurrency',
];

function addWorkflowCommands(program: Command, cli: CommandContext): void {
  const workflowCommand = (name: string, mode: Mode, description: string, extra: OptionName[] = []) => {
    const command = program.command(name).description(description);
    addOptions(command, cli.io.env, [...WORKFLOW_OPTIONS, ...extra]);
    command.action(async (options: WorkflowOptions) => cli.exit(await workflow(mode, options, cli.io)));
  };
  workflowCommand('plan', 'plan', 'show the changes a run would make, writing nothing');
  workflowCommand('onboard', 'apply', 'connect carriers, apply the zone methods, verify', [
    'rollBackOnFailure',
    'reconnect',
    'yes',
  ]);
  workflowCommand('verify', 'verify', 'compare the store with the profile; exit 1 on drift');
}

function addExportCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('export')
    .description('write a store’s current shipping setup as a profile (zones, methods, carriers; no secret)');
  addOptions(command, cli.io.env, [
    'store',
    'stores',
    'all',
    'fleet',
    'concurrency',
    'zones',
    'output',
    'profileName',
    'apiUrl',
    'secrets',
    'home',
    'json',
  ]);
  command.action(async (options: ExportCommandOptions) => cli.exit(await exportCommand(options, cli.io)));
}

function addQuoteCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('quote')
    .description('show what a shopper at an address is offered right now, with each option’s cost');
  addOptions(command, cli.io.env, ['store', 'to', 'item', 'channel', 'apiUrl', 'secrets', 'home', 'json'], {
    to: { required: true },
  });
  command.action(async (options: QuoteOptions) => cli.exit(await quote(options, cli.io)));
}

function addDemoCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('demo')
    .description('start the bundled sandbox and onboard its store with an example profile');
  addOptions(command, cli.io.env, ['profile', 'fresh', 'install', 'home', 'json'], {
    profile: { default: 'us-standard' },
  });
  type DemoCommandOptions = {
    profile: string;
    fresh?: boolean;
    install?: boolean;
    home: string;
    json?: boolean;
  };
  command.action(async (options: DemoCommandOptions) => {
    if (options.install) {
      cli.exit(await runInstallDemo(join(options.home, 'demo-install'), cli.io, options.json));
      return;
    }
    const progress = cli.io.progress !== false;
    cli.exit(await runDemo({ ...options, home: join(options.home, 'demo'), progress }, cli.io));
  });
}

function addReconcileCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('reconcile')
    .description('verify every store of the local registry against its profile, as the schedule does on AWS');
  addOptions(command, cli.io.env, ['apply', 'apiUrl', 'secrets', 'home', 'json']);
  command.action(
    async (options: { apply?: boolean; apiUrl?: string; secrets?: string; home: string; json?: boolean }) =>
      cli.exit(await reconcileLocally(options, localCliDeps(options, cli.io), cli.io)),
  );
}

function addStatusCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('status')
    .description('last results per store, from the local registry or (--aws) the deployed one');
  addOptions(command, cli.io.env, ['store', 'home', 'aws', 'table', 'json']);
  command.action(async (options: StatusOptions) => cli.exit(await status(options, cli.io)));
}

function addUnlockCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('unlock')
    .description('release a store’s lease held by a run that is gone (asks first, unless --yes)');
  addOptions(command, cli.io.env, ['store', 'home', 'aws', 'table', 'yes'], { store: { required: true } });
  command.action(async (options: UnlockOptions) => cli.exit(await unlock(options, cli.io)));
}

function addRollbackCommand(program: Command, cli: CommandContext): void {
  // The command runs the Rollback operation again, and is named after it.
  const command = program
    .command(rollback.name)
    .description('undo what a failed execution left in the store, from where its rollback stopped');
  addOptions(
    command,
    cli.io.env,
    ['store', 'execution', 'home', 'apiUrl', 'secrets', 'aws', 'table', 'json'],
    {
      store: { required: true },
      execution: { required: true },
    },
  );
  command.action(async (options: RollbackOptions) => cli.exit(await rollbackExecution(options, cli.io)));
}

/** The sandbox parses its own options. */
function addSandboxCommand(program: Command, cli: CommandContext): void {
  program
    .command('sandbox')
    .description('run the BigCommerce sandbox server (see sandbox/README.md)')
    .allowUnknownOption()
    .helpOption(false)
    .argument(
      '[options...]',
      'sandbox options: --port, --seed, --quota, --faults, --latency, --strict, --json',
    )
    .action(async (args: string[]) => cli.exit(await runSandboxCommand(args)));
}

function addProfilesCommand(program: Command, cli: CommandContext): void {
  const profiles = program.command('profiles').description('work with shipping profiles');
  const validate = profiles.command('validate').description('validate profile files').argument('<files...>');
  addOptions(validate, cli.io.env, ['json']);
  validate.action((files: string[], options: { json?: boolean }) =>
    cli.exit(validateProfiles(files, cli.io, options.json)),
  );
  const show = profiles
    .command('show')
    .description('print the profile a store’s runs apply, resolved: bases, the store’s own values, vars');
  addOptions(show, cli.io.env, ['store', 'profile', 'home', 'json']);
  show.action(async (options: ShowOptions) => cli.exit(await showProfile(options, cli.io)));
  const assign = profiles
    .command('assign')
    .description('show which profile profiles/assignments.yaml gives a store, and why');
  addOptions(assign, cli.io.env, ['store', 'apiUrl', 'secrets', 'home', 'json'], {
    store: { required: true },
  });
  assign.action(async (options: AssignOptions) => cli.exit(await assignStoreProfile(options, cli.io)));
}

function addAppCommand(program: Command, cli: CommandContext): void {
  const command = program
    .command('app')
    .description('the BigCommerce app’s callbacks')
    .command('serve')
    .description(
      'serve the app’s /auth, /load and /uninstall on 127.0.0.1 (credentials: BC_CLIENT_ID, BC_CLIENT_SECRET)',
    );
  addOptions(command, cli.io.env, ['port', 'apiUrl', 'secrets', 'home', 'json']);
  command.action(async (options: AppServeOptions) => {
    await serveApp(options, cli.io);
    // Serving: the process lives on until SIGINT or SIGTERM.
    await new Promise<never>(() => undefined);
  });
}
