/**
 * `bcship rollback --store H --execution ID`: runs an execution's rollback again, from where the last attempt
 * stopped (entries already undone are skipped), locally or (--aws) on the deployed registry table. For a
 * failed run whose rollback ran out of retries; the run's record and the CLI's output name this command.
 *
 * It undoes with the same code as the state machine's Rollback task, holding the store's lease meanwhile so
 * that no apply changes the store under it, and prints what it undid and what is still left.
 */
import { undoJournal } from '../lambdas/operations/rollback.ts';
import { changesNotUndone, describeUndoEntry } from '../lambdas/operations/undo-report.ts';
import {
  bigcommercePorts,
  composeAwsDeps,
  registryPorts,
  secretPorts,
} from '../lambdas/platform/aws-deps.ts';
import { ENV } from '../lambdas/platform/environment.ts';
import type { Deps, NotUndoneChange } from '../lambdas/platform/ports.ts';
import { DEFAULT_SECRET_PREFIXES } from '../lambdas/platform/secret-names.ts';
import { storeHashOf } from '../lambdas/workflow-contract.ts';
import { localCliDeps } from './local-cli-deps.ts';
import { type CliIO, terminalSafe } from './report.ts';
import { EXIT, UsageError } from './run.ts';

export interface RollbackOptions {
  store?: string;
  execution?: string;
  home: string;
  apiUrl?: string;
  secrets?: string;
  aws?: boolean;
  table?: string;
  json?: boolean;
}

/** As long as the Rollback task may run: the lease outlasts the undo even on a paced store. */
const LEASE_SECONDS = 15 * 60;

/** Step Functions execution names: 1 to 80 characters, none of them blank or a control character. */
const EXECUTION_NAME = /^[^\s\p{Cc}]{1,80}$/u;

interface RollbackOutcome {
  storeHash: string;
  executionId: string;
  undone: string[];
  notUndone: NotUndoneChange[];
  error?: { name: string; message: string };
}

export async function rollbackExecution(options: RollbackOptions, io: CliIO): Promise<number> {
  const storeHash = storeHashOf(options.store ?? io.env.BC_STORE_HASH);
  if (!storeHash) throw new UsageError('--store: a store hash (letters and digits) is required');
  const executionId = options.execution ?? '';
  if (!EXECUTION_NAME.test(executionId)) {
    throw new UsageError(
      '--execution: the name of the execution to roll back (1 to 80 characters, no spaces)',
    );
  }
  const deps = options.aws ? awsRollbackDeps(options, io) : localCliDeps(options, io, storeHash);
  const outcome = await rollBackHoldingLease(deps, storeHash, executionId);
  if (options.json) io.out(JSON.stringify(outcome));
  else printOutcome(outcome, io);
  return outcome.notUndone.length === 0 && !outcome.error ? EXIT.ok : EXIT.failed;
}

/** The ports the Rollback task uses, on the deployed stack's table and secrets, from this machine. */
function awsRollbackDeps(options: RollbackOptions, io: CliIO): Deps {
  const table = options.table ?? io.env.BCSHIP_TABLE_NAME;
  if (!table) throw new UsageError('--aws needs --table (or BCSHIP_TABLE_NAME; see the stack outputs)');
  const apiUrl = options.apiUrl ?? io.env.BC_API_URL;
  const env = {
    [ENV.registryTableName]: table,
    [ENV.storeSecretPrefix]: io.env[ENV.storeSecretPrefix] || DEFAULT_SECRET_PREFIXES.storePrefix,
    ...(apiUrl ? { [ENV.bigcommerceApiUrl]: apiUrl } : {}),
  };
  return composeAwsDeps<Deps>(env, [registryPorts, secretPorts, bigcommercePorts]);
}

async function rollBackHoldingLease(
  deps: Deps,
  storeHash: string,
  executionId: string,
): Promise<RollbackOutcome> {
  const before = await deps.journal.read(storeHash, executionId);
  // A name mistyped must not read as "nothing to undo": an execution that changed nothing still has its run.
  if (before.length === 0 && !(await deps.stores.runRecorded(storeHash, executionId))) {
    throw new UsageError(
      `--execution: store ${storeHash} has neither a journal nor a run of execution ${terminalSafe(executionId)}`,
    );
  }
  const undoneBefore = new Set(before.filter((record) => record.undone).map((record) => record.key));
  const owner = `rollback-${executionId}`;
  let error: RollbackOutcome['error'];
  if (!(await deps.leases.acquire(storeHash, owner, LEASE_SECONDS))) {
    const holder = await deps.leases.holder(storeHash);
    const by = holder ? `execution ${holder.executionId}, since ${holder.since}` : 'another run';
    error = {
      name: 'StoreBusy',
      message: `Store ${storeHash} is being changed by ${by}; try again once it ends`,
    };
  } else {
    error = await undoCatching(deps, storeHash, executionId);
    await deps.leases.release(storeHash, owner);
  }
  const after = await deps.journal.read(storeHash, executionId);
  const undone = after
    .filter((record) => record.undone && !undoneBefore.has(record.key))
    .reverse()
    .map((record) => describeUndoEntry(record.entry));
  const notUndone = await changesNotUndone(deps.journal, storeHash, executionId);
  return { storeHash, executionId, undone, notUndone, ...(error ? { error } : {}) };
}

/** The undo's error, which the outcome reports next to what is left, rather than a stack trace. */
async function undoCatching(
  deps: Deps,
  storeHash: string,
  executionId: string,
): Promise<RollbackOutcome['error'] | undefined> {
  try {
    await undoJournal(storeHash, executionId, deps);
    return undefined;
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
}

function printOutcome(outcome: RollbackOutcome, io: CliIO): void {
  const { storeHash, executionId, undone, notUndone, error } = outcome;
  const of = `execution ${terminalSafe(executionId)} of store ${storeHash}`;
  if (undone.length === 0 && notUndone.length === 0 && !error) {
    io.out(`Nothing to undo: ${of} has no change left in its journal.`);
    return;
  }
  if (undone.length > 0) io.out(`Undid ${undone.length} change(s) of ${of}, newest first:`);
  for (const change of undone) io.out(`  ✔ ${terminalSafe(change)}`);
  if (error) io.err(terminalSafe(`${error.name}: ${error.message}`));
  if (notUndone.length === 0) {
    io.out(`Rolled back: every journalled change of ${of} is undone.`);
    return;
  }
  io.err(`Not undone (${notUndone.length}), newest first:`);
  for (const change of notUndone) io.err(`  ✖ ${terminalSafe(change.description)}`);
  io.err('Run the same command again to go on from there.');
}
