/**
 * One workflow run from the CLI, local or on AWS: builds the execution input, shows live progress, and
 * reduces the result to what the commands print and the exit code.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { runOperation } from '../lambdas/operations/operation.ts';
import { releaseLease } from '../lambdas/operations/release-lease.ts';
import { createS3RunArtifacts } from '../lambdas/platform/aws-run-artifacts.ts';
import type { Deps } from '../lambdas/platform/ports.ts';
import type { Profile } from '../lambdas/shipping/profile.ts';
import {
  type ExecutionInput,
  type Mode,
  RUN_ARTIFACT,
  type RunReport,
  type RunSummary,
  storedProfileDigest,
  storeHashOf,
} from '../lambdas/workflow-contract.ts';
import { directoryProfiles, resolveProfileFile } from '../lib/directory-profiles.ts';
import { defaultExecutionName, type LocalExecution, runOnboardLocally } from '../local/runner.ts';
import { readS3Json, runOnAws } from './aws.ts';
import { checkFile } from './configuration.ts';
import { ExecutionProgress, type ProgressSignal, type StepReport } from './progress.ts';
import { signalsFromHistory, signalsFromLocalEvents } from './signals.ts';

/** Exit codes, as documented in the README. */
export const EXIT = { ok: 0, mismatch: 1, failed: 1, badInput: 2 } as const;

/**
 * `--detailed-exitcode`, for scripts, as `terraform plan -detailed-exitcode`: 0 nothing changed (or would),
 * 2 something changed, would change or drifted, 1 any error (bad input included, so 2 always means changes).
 */
export const DETAILED_EXIT = { noChanges: 0, error: 1, changes: 2 } as const;

export function detailedExitCode(result: RunResult): number {
  if (!result.summary) return DETAILED_EXIT.error;
  const { changes, outcome } = result.summary;
  return changes.length > 0 || outcome === 'drifted' ? DETAILED_EXIT.changes : DETAILED_EXIT.noChanges;
}

/** Errors that mean the input was wrong, wherever they were raised. */
const BAD_INPUT_ERRORS = new Set([
  'InvalidProfile',
  'InvalidInput',
  'UnknownZone',
  'UnitsMismatch',
  'UsageError',
]);

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface RunRequest {
  storeHash: string;
  /** A name from profiles/ (or deployed), or the path of a YAML/JSON profile. */
  profile: string;
  mode: Mode;
  rollback?: boolean;
  reconnect?: boolean;
  target:
    | { kind: 'local'; deps: Deps; retryDelayMs?: number }
    | { kind: 'aws'; stateMachineArn: string; runId?: string; artifactsBucket?: string };
  /** Show the listr2 progress (off for --json and in tests). */
  progress?: boolean;
}

export interface RunResult {
  executionName: string;
  /** `--aws`: an earlier command had started this execution (same input and run id); its result is shown. */
  attached?: boolean;
  /** The execution's output with every list in full, read from the run's report. */
  summary?: RunSummary;
  error?: string;
  cause?: string;
  exitCode: number;
}

/** `./profiles` when the working directory has one, otherwise the example profiles shipped with bcship. */
export function profilesDirectory(cwd = process.cwd()): string {
  const local = resolve(cwd, 'profiles');
  return existsSync(local) ? local : fileURLToPath(new URL('../profiles', import.meta.url));
}

/**
 * A profile argument that names a file is read, resolved (its bases, the store's own values) and sent inline
 * (validated here, so a bad file fails before anything runs); anything else is a profile name resolved by
 * ResolveZones, with the store's own values too.
 */
function profileArgument(
  profile: string,
  storeHash: string | undefined,
  profilesDir = profilesDirectory(),
): string | Record<string, unknown> {
  const looksLikePath = /[/\\]/.test(profile) || /\.(ya?ml|json)$/i.test(profile);
  if (!looksLikePath) {
    if (directoryProfiles(profilesDir).names().includes(profile)) return profile;
    if (!existsSync(profile)) return profile;
  }
  checkFile(profile, '--profile', { optional: false });
  const options = { profilesDir, ...(storeHash ? { storeHash } : {}) };
  return resolveProfileFile(profile, options) as unknown as Record<string, unknown>;
}

/**
 * The profile a run of `storeHash` applies, resolved: a file, or a name from profiles/. Undefined for a name only
 * the deployed stack knows.
 */
export function resolveProfileArgument(profile: string, storeHash?: string): Profile | undefined {
  const argument = profileArgument(profile, storeHash);
  if (typeof argument !== 'string') return argument as unknown as Profile;
  const local = directoryProfiles(profilesDirectory());
  return local.names().includes(argument) ? local.get(argument, storeHash) : undefined;
}

/**
 * Whether a run of this profile could delete anything: a profile this machine can read says so with `prune` or
 * `pruneZones`; a name only the deployed stack knows might.
 */
export function profileMayDelete(profile: string, storeHash?: string): boolean {
  const readable = resolveProfileArgument(profile, storeHash);
  return readable === undefined || readable.prune || readable.pruneZones;
}

export async function runWorkflow(request: RunRequest): Promise<RunResult> {
  const { input, storedProfile } = executionInput(request);
  const progress = new ExecutionProgress(request.mode);
  const rendering = request.progress === false ? Promise.resolve() : progress.render();
  let outcome: ExecutionOutcome;
  try {
    outcome = await execute(input, request.target, progress, storedProfile);
  } finally {
    progress.signal({ kind: 'ended', status: 'FAILED' });
    await rendering;
  }
  return runResult(outcome);
}

/** What either target reports about the execution once it has ended. */
interface ExecutionOutcome {
  executionName: string;
  started?: boolean;
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

/**
 * A profile file whose JSON passes this travels beside the run instead of in the execution input, which Step
 * Functions limits to 256 KB: stored as the run's `profile` artifact, named in the input by its digest. A small
 * one stays inline, where the execution history shows it.
 */
const INLINE_PROFILE_BYTES = 32 * 1024;

/** The execution input, and the profile document to store beside the run when it is too large to go inline. */
function executionInput(request: RunRequest): { input: ExecutionInput; storedProfile?: unknown } {
  const argument = profileArgument(request.profile, request.storeHash);
  const large =
    typeof argument !== 'string' && Buffer.byteLength(JSON.stringify(argument)) > INLINE_PROFILE_BYTES;
  const input: ExecutionInput = {
    storeHash: request.storeHash,
    profile: large ? { stored: storedProfileDigest(argument) } : argument,
    mode: request.mode,
    rollback: request.rollback ?? false,
    reconnect: request.reconnect ?? false,
    trigger: { kind: 'cli' },
  };
  return large ? { input, storedProfile: argument } : { input };
}

async function execute(
  input: ExecutionInput,
  target: RunRequest['target'],
  progress: ExecutionProgress,
  storedProfile?: unknown,
): Promise<ExecutionOutcome> {
  // Both targets report in their own terms; progress takes the signals they reduce to.
  const showing =
    <E>(toSignals: (event: E) => ProgressSignal[]) =>
    (event: E) => {
      for (const signal of toSignals(event)) progress.signal(signal);
    };
  if (target.kind === 'aws') {
    const execution = await runOnAws(input, {
      stateMachineArn: target.stateMachineArn,
      runId: target.runId,
      onHistoryEvent: showing(signalsFromHistory()),
      ...(storedProfile === undefined
        ? {}
        : { beforeStart: (name: string) => storeProfileOnAws(target, name, storedProfile) }),
    });
    return { ...execution, output: await inFull(execution.output, (summary) => readS3Json(summary.report)) };
  }
  const { deps, retryDelayMs } = target;
  const executionName = defaultExecutionName(input);
  // The lease is keyed by the store hash as the workflow reads it (lower case).
  const leaseStore = storeHashOf(input.storeHash) ?? input.storeHash;
  const started = Date.now();
  if (storedProfile !== undefined)
    await deps.artifacts.put(executionName, RUN_ARTIFACT.profile, storedProfile);
  const outcome = await releasingLeaseOnInterrupt(deps, leaseStore, executionName, progress, () =>
    runOnboardLocally(input, {
      deps,
      retryDelayMs,
      executionName,
      onEvent: showing(signalsFromLocalEvents()),
    }),
  );
  if (outcome.status !== 'SUCCEEDED') await accountForEnd(deps, input, outcome, started);
  const readLocally = () => deps.artifacts.get(executionName, RUN_ARTIFACT.report);
  return { ...outcome, output: await inFull(outcome.output, readLocally) };
}

/**
 * The execution output lists only the first changes and mismatches of a large run: the whole report is read
 * where Record kept it (the local run's artifacts, or the stack's bucket), so every change is printed.
 */
async function inFull(
  output: unknown,
  readReport: (summary: RunSummary) => Promise<unknown>,
): Promise<unknown> {
  const summary = output as RunSummary | undefined;
  if (!summary?.counts || !isCut(summary)) return output;
  return { ...summary, ...((await readReport(summary)) as RunReport) };
}

const isCut = ({ counts, changes, mismatches, warnings, zones }: RunSummary): boolean =>
  counts.changes > changes.length ||
  counts.mismatches > mismatches.length ||
  counts.warnings > warnings.length ||
  counts.zones > zones.length;

/** A large profile goes to the stack's run artifacts bucket, where the execution's ResolveZones reads it. */
async function storeProfileOnAws(
  target: Extract<RunRequest['target'], { kind: 'aws' }>,
  executionName: string,
  profile: unknown,
): Promise<void> {
  if (!target.artifactsBucket) {
    throw new UsageError(
      `the profile is larger than an execution input may carry (${INLINE_PROFILE_BYTES / 1024} KB inline): ` +
        'set BCSHIP_ARTIFACTS_BUCKET (the stack output RunArtifactsBucketName) so it is stored beside the run, ' +
        'or deploy it and run it by name',
    );
  }
  const artifacts = createS3RunArtifacts({ client: new S3Client({}), bucketName: target.artifactsBucket });
  await artifacts.put(executionName, RUN_ARTIFACT.profile, profile);
}

/**
 * What the status-change rule does on AWS, done here for a local run: an execution that ended without
 * recording itself (a payload over the limit, a failed RecordFailure) gets its run recorded, its lease released
 * and its event published. One that recorded itself is left as it is.
 */
async function accountForEnd(deps: Deps, input: ExecutionInput, outcome: LocalExecution, started: number) {
  const statusChange = {
    detail: {
      name: outcome.executionName,
      status: 'FAILED',
      input: JSON.stringify(input),
      startDate: started,
      stopDate: Date.now(),
      error: outcome.error,
      cause: outcome.cause,
    },
  };
  await runOperation(releaseLease, statusChange, deps);
}

function runResult(outcome: ExecutionOutcome): RunResult {
  const attached = outcome.started === false ? { attached: true } : {};
  if (outcome.status !== 'SUCCEEDED') {
    const error = outcome.error ?? 'ExecutionFailed';
    return {
      executionName: outcome.executionName,
      ...attached,
      error,
      cause: outcome.cause,
      exitCode: BAD_INPUT_ERRORS.has(error) ? EXIT.badInput : EXIT.failed,
    };
  }
  const summary = outcome.output as RunSummary;
  return {
    executionName: outcome.executionName,
    ...attached,
    summary,
    exitCode: summary.outcome === 'drifted' ? EXIT.mismatch : EXIT.ok,
  };
}

/** The exit code a shell reports for a process ended by the signal (128 + its number). */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * What an interrupted run tells the operator: the steps it finished, the one it was in, and that running the
 * same command again completes the job (every step is idempotent: a re-run makes only the changes missing).
 */
export function interruptedReport(steps: StepReport[], signal: string): string {
  const done = steps.filter((step) => step.outcome === 'done').map((step) => step.title);
  const running = steps.filter((step) => step.outcome === 'running').map((step) => step.title);
  return [
    `Interrupted (${signal}).`,
    `Done: ${done.length > 0 ? done.join(', ') : 'nothing yet'}.`,
    ...(running.length > 0
      ? [`Stopped during: ${running.join(', ')} (changes made so far stay on the store).`]
      : []),
    "The store's lease is released. Run the same command again to finish: it makes only the changes still missing.",
  ].join('\n');
}

/**
 * A local apply holds the store's lease until Record releases it. Ctrl+C or SIGTERM (a CI cancel, `kill`)
 * ends the process before that, so the lease is released here, and what was done is printed; otherwise the
 * next local run of the store would wait for the lease to expire.
 */
async function releasingLeaseOnInterrupt<T>(
  deps: Deps,
  storeHash: string,
  executionName: string,
  progress: ExecutionProgress,
  run: () => Promise<T>,
): Promise<T> {
  const interrupted = (signal: keyof typeof SIGNAL_EXIT_CODES) => () => {
    // The progress list hides the cursor while it renders; give it back before leaving.
    if (process.stdout.isTTY) process.stdout.write('\x1b[?25h\n');
    process.stderr.write(`${interruptedReport(progress.steps(), signal)}\n`);
    deps.leases
      .release(storeHash, executionName)
      .catch(() => undefined)
      .finally(() => process.exit(SIGNAL_EXIT_CODES[signal]));
  };
  const handlers = { SIGINT: interrupted('SIGINT'), SIGTERM: interrupted('SIGTERM') };
  for (const [signal, handler] of Object.entries(handlers)) process.once(signal, handler);
  try {
    return await run();
  } finally {
    for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
  }
}

export const isBadInput = (error: unknown): boolean =>
  error instanceof Error && BAD_INPUT_ERRORS.has(error.name);
