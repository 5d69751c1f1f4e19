/**
 * The data that flows through the Onboard state machine. The state machine (lib/onboard-state-machine.ts)
 * and the handlers (lambdas/<operation>.ts) both build on these shapes; the local runner executes the
 * same definition, so a change here is a change to all three.
 *
 *   execution input ─► ResolveZones ─► RunState ─► ConnectCarriers (ResultPath $.connected)
 *                                               ─► ApplyZones Map over $.zones (ResultPath $.applied)
 *                                               ─► Verify (ResultPath $.verification) ─► Record ─► output
 *   any Catch (ResultPath $.error) ─► [Rollback when $.rollback and mode apply] ─► RecordFailure ─► Fail
 *
 * Every task receives the whole state as `{ state: <$>, executionId: $$.Execution.Name }` except the Map
 * iteration, which receives `ZoneTaskInput`. Never a secret in any of it: execution history keeps payloads.
 *
 * The state stays small whatever the store: Step Functions fails a run whose state passes 256 KB
 * (`States.DataLimitExceeded`, which no Catch handles), and a large profile alone is megabytes. It carries
 * counts and one small entry per zone; the documents are run artifacts (RunArtifactsPort, by execution name
 * and RUN_ARTIFACT key): ResolveZones keeps the resolved profile (`resolved`), each ApplyZones iteration its
 * zone's changes, Verify its differences, Record the whole report, and the output lists the report's first
 * entries with their counts and where the report is. Every state of a 250-zone profile stays under 64 KB.
 *
 * A zone that fails does not fail the Map: its iteration ends in a `ZoneResult` with `failed: true` and the
 * caught error, so the Map waits for every other zone to finish writing before the first zone error becomes
 * `$.error` and the run fails (a rollback then reads a journal nothing writes to any more).
 *
 * An apply run holds its store's lease (LeasePort.acquire) from ResolveZones to Record or
 * RecordFailure, so runs of one store never interleave; a verify run waits in ResolveZones while another
 * execution holds it, so it never reads a half-applied store. An execution that ends without reaching
 * either (stopped, timed out, or its RecordFailure failed too) has its lease given back by release-lease,
 * on the execution's status change; should that fail as well, the lease lapses a little after the longest an
 * execution can run (EXECUTION_TIMEOUT_SECONDS).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { CheckoutExpectation, ExpectationOutcome } from './shipping/checkout.ts';
import type { MethodKey, Mismatch, PlanAction, ResolvedZone, ZoneAction } from './shipping/types.ts';

export const MODES = ['apply', 'plan', 'verify'] as const;

/** The longest an Onboard execution may run (the state machine's TimeoutSeconds). */
export const EXECUTION_TIMEOUT_SECONDS = 2 * 60 * 60;

/**
 * How long a store lease lasts when nothing released it: longer than any execution can hold it, so it lapses
 * only once its holder is certainly gone.
 */
export const STORE_LEASE_SECONDS = EXECUTION_TIMEOUT_SECONDS + 10 * 60;
export type Mode = (typeof MODES)[number];

export const TriggerSchema = z.strictObject({
  kind: z.enum(['manual', 'cli', 'webhook', 'schedule', 'install', 'event']),
  id: z.optional(z.string().check(z.maxLength(200))),
});
type Trigger = z.infer<typeof TriggerSchema>;

/**
 * A store hash as given, in either case, read as the lower-case hash BigCommerce uses: `ABC123` and `abc123`
 * are one store, with one registry entry and one lease.
 */
export const StoreHashInputSchema = z
  .string()
  .check(
    z.regex(/^[a-z0-9]{1,32}$/i, 'must be a BigCommerce store hash (letters and digits)'),
    z.toLowerCase(),
  );

/** The store hash of an execution input (or anything shaped like one), lower case; undefined when unusable. */
export function storeHashOf(value: unknown): string | undefined {
  const parsed = z.safeParse(StoreHashInputSchema, value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A profile too large to travel in the execution input (Step Functions limits it to 256 KB), kept as the run's
 * `profile` artifact by whoever starts the execution (the CLI), named by the SHA-256 of its JSON text: ResolveZones
 * reads it and refuses a document with another digest.
 */
export const StoredProfileSchema = z.strictObject({
  stored: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 (hex) of the stored profile')),
});

/** The digest a StoredProfile names its document by: SHA-256 of the document's JSON text, in hex. */
export const storedProfileDigest = (document: unknown): string =>
  createHash('sha256').update(JSON.stringify(document)).digest('hex');

/** What starts an execution (console, CLI, webhook receiver, schedule). */
export const ExecutionInputSchema = z.strictObject({
  storeHash: StoreHashInputSchema,
  /**
   * A profile deployed with the stack, by name, or an inline profile object (validated by ResolveZones), or a
   * large one stored beside the run (StoredProfile).
   */
  profile: z.union([
    z.string().check(z.minLength(1)),
    StoredProfileSchema,
    z.record(z.string(), z.unknown()),
  ]),
  mode: z._default(z.enum(MODES), 'apply'),
  /** Undo this execution's changes when it fails. Only meaningful in mode apply. */
  rollback: z._default(z.boolean(), false),
  /** Connect every profile carrier even when the registry says it is connected (after rotating a secret). */
  reconnect: z._default(z.boolean(), false),
  trigger: z._default(TriggerSchema, { kind: 'manual' }),
  /**
   * When the run may first read the store (RFC 3339, UTC): the run waits until then. A webhook run waits out
   * its burst window, so that it sees every change its burst's deliveries reported (see receive-webhook.ts).
   */
  notBefore: z.optional(z.iso.datetime()),
});
export type ExecutionInput = z.input<typeof ExecutionInputSchema>;

/**
 * The keys of the documents a run keeps as artifacts (RunArtifactsPort), by execution: the state names none of
 * them, because each is found from the execution name and, for a zone, the zone's place in `RunState.zones`.
 */
export const RUN_ARTIFACT = {
  /** A large profile (StoredProfile), written by whoever starts the execution, before it starts. */
  profile: 'profile',
  /** ResolvedRun, written by ResolveZones. */
  resolved: 'resolved',
  /** A zone's ZoneResult, written by its ApplyZoneMethods iteration when it changed or saw something. */
  zone: (index: number) => `zones/${index}`,
  /** VerificationResult, written by Verify. */
  verification: 'verification',
  /** RunReport, written by Record. */
  report: 'report',
} as const;

/** What ResolveZones resolved from the profile, kept as the `resolved` artifact for the tasks after it. */
export interface ResolvedRun {
  /** In the order of `RunState.zones`. */
  zones: ResolvedZone[];
  /** Declared zones created or updated and pruned zones deleted by ResolveZones (would be, in mode plan). */
  zoneActions: ZoneAction[];
  /** What the Probe step checks: the profile's checkout expectations (empty in mode plan). */
  checkout: CheckoutExpectation[];
}

/** A zone as the state carries it: which zone; what to do in it is in the `resolved` artifact. */
export interface ZoneRef {
  /** 0: a declared zone not created yet (plan and verify runs). */
  zoneId: number;
  zoneName: string;
}

/**
 * The state after ResolveZones. Later tasks add `connected`, `applied`, `verification`, `probe`, `error`. It
 * holds counts and one small entry per zone, whatever the profile: everything else is an artifact.
 */
export interface RunState {
  storeHash: string;
  mode: Mode;
  rollback: boolean;
  trigger: Trigger;
  profileName: string;
  /**
   * Whether the profile is one deployed with the stack, run by its name: then an apply that ends well
   * registers the store with it (Record), so reconciliation runs what was last applied. An inline profile
   * could not be run by reconciliation, so it never registers a store.
   */
  profileDeployed: boolean;
  prune: boolean;
  /** Delete the store's zones the profile neither selects nor declares (Verify reports them as drift). */
  pruneZones: boolean;
  /** How many declared zones ResolveZones created, updated or deleted (would have, in mode plan). */
  zoneChanges: number;
  /** Carrier ids still to connect (empty when none, or in mode verify). */
  carriers: string[];
  zones: ZoneRef[];
  /** Pre-filled so every JSONPath reference resolves whichever branch ran. */
  connected: StepResult;
  /** One outcome per zone, in the order of `zones`. */
  applied: ZoneOutcome[];
  verification: VerificationOutcome | null;
  /** How many checkout expectations the Probe step checks (0 when none, or in mode plan). */
  checkoutExpectations: number;
  /** What shoppers were offered, per expectation (null until the Probe step ran, and when it did not). */
  probe: ProbeResult | null;
}

export interface ProbeResult {
  ok: boolean;
  outcomes: ExpectationOutcome[];
}

export interface StepResult {
  /** Changes made (apply) or that would be made (plan). */
  actions: PlanAction[];
  /** What the step saw but left alone, such as duplicates of a managed method without `prune` (absent: none). */
  warnings?: string[];
}

export interface ZoneTaskInput {
  storeHash: string;
  executionId: string;
  mode: Mode;
  prune: boolean;
  /** The zone's place in `RunState.zones` and in the resolved run's zones. */
  index: number;
  zone: ZoneRef;
}

/** One zone's changes in full: the zone's artifact (RUN_ARTIFACT.zone). */
export interface ZoneResult extends StepResult {
  zoneId: number;
  zoneName: string;
}

/** How a zone's iteration ended, as the state keeps it: counts; its changes are the zone's artifact. */
export interface ZoneOutcome {
  zoneId: number;
  zoneName: string;
  /** Whether the zone's iteration failed: false from the function, true from the state machine's Catch. */
  failed: boolean;
  /** The error a failed iteration ended with. */
  error?: CaughtError;
  /** Changes made (would be, in mode plan); 0 for a failed iteration. */
  changes: number;
  /** What the iteration saw but left alone. */
  warnings: number;
}

/** Verify's result in full: the `verification` artifact. */
export interface VerificationResult {
  ok: boolean;
  mismatches: Mismatch[];
  /** What verify saw but does not count as drift, such as duplicates without `prune` (absent: none). */
  warnings?: string[];
}

/** Verify's result as the state keeps it. */
export interface VerificationOutcome {
  ok: boolean;
  mismatches: number;
  warnings: number;
}

/** `{ state, executionId }`: what every non-Map task receives. */
export interface TaskInput<S = RunState> {
  state: S;
  executionId: string;
}

/** A caught error as Step Functions hands it over: `Cause` is a JSON string from Lambda, plain text locally. */
export interface CaughtError {
  Error: string;
  Cause?: string;
}

/** A run in full: Record writes it as the `report` artifact; the CLI prints it. */
export interface RunReport {
  storeHash: string;
  profileName: string;
  mode: Mode;
  outcome: 'succeeded' | 'in-sync' | 'planned' | 'drifted';
  changes: PlanAction[];
  mismatches: Mismatch[];
  /** What the run saw but left alone (apply or plan, and verify), each once. */
  warnings: string[];
  /** The managed zones and the method identities checked in each, for a verification table. */
  zones: Array<{ zoneId: number; zoneName: string; methods: MethodKey[] }>;
  /** What shoppers were offered at each checkout expectation's address, when the Probe step ran. */
  probe: ProbeResult | null;
}

/**
 * The execution's output (Record's result): the report with each list cut to its first entries within a
 * byte budget, so that the output stays small whatever the store; `counts` says how long each list is, and
 * `report` where the whole report is.
 */
export interface RunSummary extends RunReport {
  counts: { changes: number; mismatches: number; warnings: number; zones: number };
  /** Where the full RunReport is (an `s3://` URI on AWS, a file path locally). */
  report: string;
}

/** RecordFailure's result, read by the Fail state through ErrorPath/CausePath. */
export interface FailureSummary {
  failure: { error: string; cause: string };
  rolledBack: boolean;
}
