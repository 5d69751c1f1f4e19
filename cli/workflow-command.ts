/** `bcship plan | onboard | verify`: one workflow run, on this machine or (--aws) on the deployed stack. */
import type { Mode } from '../lambdas/workflow-contract.ts';
import { localCliDeps } from './local-cli-deps.ts';
import { type CliIO, printResult, renderChanges } from './report.ts';
import {
  detailedExitCode,
  EXIT,
  profileMayDelete,
  type RunRequest,
  type RunResult,
  runWorkflow,
  UsageError,
} from './run.ts';

export interface WorkflowOptions {
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
  detailedExitcode?: boolean;
  yes?: boolean;
}

export async function workflow(mode: Mode, options: WorkflowOptions, io: CliIO): Promise<number> {
  const storeHash = options.store ?? io.env.BC_STORE_HASH;
  if (!storeHash) throw new UsageError('--store is required (or set BC_STORE_HASH)');
  const request: RunRequest = {
    storeHash,
    profile: options.profile,
    mode,
    rollback: options.rollback,
    reconnect: options.reconnect,
    target: workflowTarget(storeHash, options, io),
    progress: !options.json && io.progress !== false,
  };
  if (mode === 'apply' && !options.yes) {
    const stopped = await confirmDeletes(request, options, io);
    if (stopped !== undefined) return stopped;
  }
  const result = await runWorkflow(request);
  printResult(result, io, options.json);
  return exitCodeOf(result, options);
}

const exitCodeOf = (result: RunResult, options: WorkflowOptions): number =>
  options.detailedExitcode ? detailedExitCode(result) : result.exitCode;

/**
 * An apply that would delete (a pruned method, a pruned zone and its methods) asks first: the plan is run, its
 * deletes are listed, and only "yes" goes on. Where nobody can answer (not a terminal) it refuses before any
 * write unless `--yes` was given. Returns the exit code when the run must not go on.
 */
async function confirmDeletes(
  request: RunRequest,
  options: WorkflowOptions,
  io: CliIO,
): Promise<number | undefined> {
  if (!profileMayDelete(request.profile)) return undefined;
  const plan = await runWorkflow({ ...request, mode: 'plan', rollback: false, progress: false });
  if (!plan.summary) {
    printResult(plan, io, options.json);
    return exitCodeOf(plan, options);
  }
  const deletes = plan.summary.changes.filter((change) => change.kind.startsWith('delete-'));
  if (deletes.length === 0) return undefined;
  if (!io.interactive || !io.ask) {
    throw new UsageError(
      `the plan deletes ${deletes.length} thing(s) and nobody can confirm it here (not a terminal): ` +
        'pass --yes to delete without asking; nothing was written',
    );
  }
  io.err(renderChanges(deletes, 'plan'));
  const answer = await io.ask('Apply, including these deletes? Only "yes" is accepted: ');
  if (answer.trim() === 'yes') return undefined;
  io.err('Cancelled: nothing was written.');
  return EXIT.failed;
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
