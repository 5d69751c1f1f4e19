/** `bcship plan | onboard | verify`: one workflow run, on this machine or (--aws) on the deployed stack. */
import type { Mode } from '../lambdas/workflow-contract.ts';
import { localCliDeps } from './local-cli-deps.ts';
import { type CliIO, printResult } from './report.ts';
import { type RunRequest, runWorkflow, UsageError } from './run.ts';

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
}

export async function workflow(mode: Mode, options: WorkflowOptions, io: CliIO): Promise<number> {
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
