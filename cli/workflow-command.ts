/** `bcship plan | onboard | verify`: one workflow run, on this machine or (--aws) on the deployed stack. */
import type { Mode } from '../lambdas/workflow-contract.ts';
import {
  concurrencyOf,
  type FleetOptions,
  type FleetTarget,
  fleetTargets,
  isFleetRun,
  reportFleet,
  runEachStore,
} from './fleet.ts';
import type { StoreRun } from './fleet-report.ts';
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

export interface WorkflowOptions extends FleetOptions {
  store?: string;
  profile?: string;
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
  if (isFleetRun(options)) return workflowForFleet(mode, options, io);
  const storeHash = options.store ?? io.env.BC_STORE_HASH;
  if (!storeHash) throw new UsageError('--store is required (or set BC_STORE_HASH)');
  if (!options.profile) throw new UsageError('--profile is required');
  const request = runRequest(mode, { storeHash, profile: options.profile }, options, io);
  request.progress = !options.json && io.progress !== false;
  if (mode === 'apply' && !options.yes) {
    const stopped = await confirmDeletes([request], options, io);
    if (stopped !== undefined) return stopped;
  }
  const result = await runWorkflow(request);
  printResult(result, io, options.json);
  return exitCodeOf(result, options);
}

function runRequest(mode: Mode, target: FleetTarget, options: WorkflowOptions, io: CliIO): RunRequest {
  const secrets = target.secrets ?? options.secrets;
  return {
    storeHash: target.storeHash,
    profile: target.profile,
    mode,
    rollback: options.rollback,
    reconnect: options.reconnect,
    target: workflowTarget(target.storeHash, { ...options, ...(secrets ? { secrets } : {}) }, io),
    progress: false,
  };
}

/** `--stores`, `--all`, `--fleet`: every store's run at once (bounded), then one summary table. */
async function workflowForFleet(mode: Mode, options: WorkflowOptions, io: CliIO): Promise<number> {
  const targets = await fleetTargets(options);
  const requests = new Map(
    targets.map((target) => [target.storeHash, runRequest(mode, target, options, io)]),
  );
  if (mode === 'apply' && !options.yes) {
    const stopped = await confirmDeletes([...requests.values()], options, io);
    if (stopped !== undefined) return stopped;
  }
  const progress = !options.json && io.progress !== false;
  const runs = await runEachStore(targets, concurrencyOf(options.concurrency), progress, async (target) =>
    storeRunOf(target, await runWorkflow(requests.get(target.storeHash)!)),
  );
  return reportFleet(runs, io, options);
}

const storeRunOf = (target: FleetTarget, result: RunResult): StoreRun =>
  result.summary
    ? {
        storeHash: target.storeHash,
        profile: result.summary.profileName,
        outcome: result.summary.outcome,
        changes: result.summary.changes,
        mismatches: result.summary.mismatches,
      }
    : {
        storeHash: target.storeHash,
        profile: target.profile,
        outcome: 'failed',
        changes: [],
        mismatches: [],
        error: `${result.error}: ${result.cause ?? 'the execution failed'}`,
      };

const exitCodeOf = (result: RunResult, options: WorkflowOptions): number =>
  options.detailedExitcode ? detailedExitCode(result) : result.exitCode;

/**
 * An apply that would delete (a pruned method, a pruned zone and its methods) asks first: the plan of each store
 * is run, the deletes are listed, and only "yes" goes on. Where nobody can answer (not a terminal) it refuses
 * before any write unless `--yes` was given. Returns the exit code when the run must not go on.
 */
async function confirmDeletes(
  requests: RunRequest[],
  options: WorkflowOptions,
  io: CliIO,
): Promise<number | undefined> {
  const listing: string[] = [];
  let deletes = 0;
  for (const request of requests) {
    if (!profileMayDelete(request.profile, request.storeHash)) continue;
    const plan = await runWorkflow({ ...request, mode: 'plan', rollback: false, progress: false });
    if (!plan.summary) {
      printResult(plan, io, options.json);
      return exitCodeOf(plan, options);
    }
    const storeDeletes = plan.summary.changes.filter((change) => change.kind.startsWith('delete-'));
    if (storeDeletes.length === 0) continue;
    deletes += storeDeletes.length;
    if (requests.length > 1) listing.push(`store ${request.storeHash}:`);
    listing.push(renderChanges(storeDeletes, 'plan'));
  }
  if (deletes === 0) return undefined;
  if (!io.interactive || !io.ask) {
    throw new UsageError(
      `the plan deletes ${deletes} thing(s) and nobody can confirm it here (not a terminal): ` +
        'pass --yes to delete without asking; nothing was written',
    );
  }
  io.err(listing.join('\n'));
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
    const artifactsBucket = io.env.BCSHIP_ARTIFACTS_BUCKET;
    return {
      kind: 'aws',
      stateMachineArn,
      runId: options.runId,
      ...(artifactsBucket ? { artifactsBucket } : {}),
    };
  }
  return { kind: 'local', deps: localCliDeps(options, io, storeHash) };
}
