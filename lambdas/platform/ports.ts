/**
 * What a handler needs from the world outside the domain. AWS adapters (`lambdas/platform/aws-*.ts`) and
 * local adapters (`local/platform/*.ts`) implement the same ports; a handler receives them as `Deps` and
 * never knows which it has. That is how the local runner executes the real handler code.
 */
import type { CheckoutClient } from '../bigcommerce/checkout-client.ts';
import type { ShippingClient, StoreInfo } from '../bigcommerce/client.ts';
import type { AssignmentRules } from '../shipping/assignment.ts';
import type { Profile } from '../shipping/profile.ts';
import type { Mismatch, PlanAction } from '../shipping/types.ts';
import type { ExecutionInput, ProbeResult } from '../workflow-contract.ts';

export interface SecretsPort {
  /** The store's API token, from `{storePrefix}/{storeHash}` → `{ accessToken }`. Throws MissingSecret. */
  getStoreToken(storeHash: string): Promise<string>;
  /** Connection fields for a carrier: `{storePrefix}/{storeHash}/carriers/{carrierId}` wins over
   * `{carrierPrefix}/{carrierId}`. Throws MissingSecret when neither exists. */
  getCarrierConnection(storeHash: string, carrierId: string): Promise<Record<string, unknown>>;
}

/**
 * How a change made by an execution is undone. A method change is written to the journal BEFORE it is sent
 * (write-ahead), so a change whose response was lost is still undone; undoing is idempotent (a create that
 * never happened finds nothing to delete). A create is undone by identity because its id is unknown until it
 * succeeds. A carrier connection is journalled only once a refused PUT showed the carrier was not connected
 * before the run, and then before its POST is sent, as a method change is (see ConnectCarriers).
 */
export type UndoEntry =
  | {
      kind: 'delete-created';
      zoneId: number;
      zoneName: string;
      type: string;
      name: string;
      channel_ids?: number[];
    }
  | {
      kind: 'restore-updated';
      zoneId: number;
      zoneName: string;
      methodId: number;
      body: Record<string, unknown>;
    }
  /** `methodId`: the deleted method's, which keys the entry (pruned copies share one identity). */
  | {
      kind: 'recreate-deleted';
      zoneId: number;
      zoneName: string;
      methodId: number;
      body: Record<string, unknown>;
    }
  | { kind: 'disconnect-connected'; carrierId: string }
  /** Zones as code: a created zone is found again by name and type (its id is known only once it exists). */
  | { kind: 'delete-created-zone'; name: string; type: string }
  | { kind: 'restore-updated-zone'; zoneId: number; body: Record<string, unknown> }
  | {
      kind: 'recreate-deleted-zone';
      zoneId: number;
      body: Record<string, unknown>;
      methods: Record<string, unknown>[];
    }
  /** A checkout probe's cart, recorded once it exists, and then its deletion (see probe-checkout.ts). */
  | { kind: 'delete-cart'; cartId: string }
  | { kind: 'cart-deleted'; cartId: string };

/** `busy`: a verify that found the store held by an apply for longer than it waits, so it could not compare. */
type RunOutcome = 'succeeded' | 'planned' | 'drifted' | 'in-sync' | 'failed' | 'rolled-back' | 'busy';

export interface RunRecord {
  storeHash: string;
  profileName: string;
  mode: 'apply' | 'plan' | 'verify';
  outcome: RunOutcome;
  executionId: string;
  trigger: { kind: string; id?: string | undefined };
  finishedAt: string;
  changes: PlanAction[];
  mismatches: Mismatch[];
  /** What shoppers were offered, when the run probed the store's checkout. */
  probe?: ProbeResult | undefined;
  error?: { name: string; message: string } | undefined;
  /** How many changes and mismatches the run had, when the lists above hold only the first (Record's runs). */
  counts?: { changes: number; mismatches: number } | undefined;
  /** Where the run's full report is (an `s3://` URI on AWS, a file path locally). */
  report?: string | undefined;
  /** A failed run whose rollback failed too: the changes still in the store, newest first. */
  notUndone?: NotUndoneChange[] | undefined;
}

/** A journalled change a rollback has not undone yet, as an operator reads it. */
export interface NotUndoneChange {
  kind: UndoEntry['kind'];
  /** `restore method Flat Rate (perorder) #12 in zone United States #1`. */
  description: string;
}

/** A run's change and mismatch counts, whether its lists were cut or not. */
export const runCounts = (run: RunRecord): { changes: number; mismatches: number } =>
  run.counts ?? { changes: run.changes.length, mismatches: run.mismatches.length };

export interface StoreEntry {
  storeHash: string;
  /** The profile the store is registered with; reconciliation runs it. */
  profileName: string;
  /** Carriers bcship has connected, so a re-run does not reconnect (BigCommerce cannot report it). */
  connectedCarriers: string[];
  lastRun?: RunRecord | undefined;
}

/** What listing the fleet needs of a registered store, and no more (the registry's index holds just this). */
export interface RegisteredStore {
  storeHash: string;
  profileName: string;
}

/** One page of registered stores, in store-hash order; `cursor` is where the next page starts (absent: last). */
export interface StorePage {
  stores: RegisteredStore[];
  cursor?: string | undefined;
}

/** The registered stores, their connected carriers and their runs. */
export interface StoreRegistryPort {
  /** A registered store; undefined for a store that is not registered (or no longer is). */
  getStore(storeHash: string): Promise<StoreEntry | undefined>;
  /** Every registered store, in full (an operator's view: one read per store on AWS). */
  listStores(): Promise<StoreEntry[]>;
  /** A page of registered stores from `cursor` (the first page without one): how reconciliation streams them. */
  listStorePage(cursor?: string): Promise<StorePage>;
  /** Registers the store (or changes its profile) without touching its history or its connected carriers. */
  registerStore(storeHash: string, profileName: string): Promise<void>;
  /**
   * Ends a store's registration (the app was uninstalled): it is no longer listed or reconciled. Its history
   * and connected carriers are kept, for a later registration. Resolves the registration this call ended, or
   * undefined when the store was not registered: of concurrent calls for one store exactly one ends it (a
   * conditional write), so only that caller announces the uninstall.
   */
  deregisterStore(storeHash: string): Promise<RegisteredStore | undefined>;
  /**
   * Remembers carriers as connected. A store that is not registered (a run with an inline profile, or a first
   * apply that Record has not registered yet) gets an entry holding only its carriers, which neither
   * `getStore` nor `listStores` returns until it is registered; `connectedCarriers` does.
   */
  markCarriersConnected(storeHash: string, carrierIds: string[]): Promise<void>;
  /**
   * The carriers recorded as connected for a store, registered or not (a run with an inline profile, or an
   * apply that failed before Record registered the store, still connected them). Sorted; empty when none.
   */
  connectedCarriers(storeHash: string): Promise<string[]>;
  /** Forgets carriers recorded as connected; nothing to forget for a store without an entry. */
  markCarriersDisconnected(storeHash: string, carrierIds: string[]): Promise<void>;
  recordRun(run: RunRecord): Promise<void>;
  /**
   * Whether a run of this execution was recorded for the store (by Record or RecordFailure), looking at runs
   * that finished at or after `since` (ISO 8601; the execution's start), or at every run kept without it.
   */
  runRecorded(storeHash: string, executionId: string, since?: string): Promise<boolean>;
}

/** Each store's lease, which lets one execution at a time change the store. */
export interface LeasePort {
  /**
   * Takes the store's lease for an execution, so that two executions never change one store at the same
   * time: true when it is now held by `executionId` (it was free, had expired, or was already this
   * execution's: taking it again extends it), false when another execution holds it. The lease lapses
   * `ttlSeconds` after it was taken, so an execution that died without releasing it blocks nobody for long.
   */
  acquire(storeHash: string, executionId: string, ttlSeconds: number): Promise<boolean>;
  /** Gives the lease back if `executionId` holds it; otherwise (released, expired, another's) does nothing. */
  release(storeHash: string, executionId: string): Promise<void>;
  /** Who holds the store's lease now, and since when; undefined when it is free (never taken, released, lapsed). */
  holder(storeHash: string): Promise<LeaseHolder | undefined>;
}

export interface LeaseHolder {
  executionId: string;
  /** When the holder last took the lease (ISO 8601): the start of its run, or of its latest retry. */
  since: string;
}

/** A journal entry as read back: its key (see undoEntryKey) and whether a rollback has undone it yet. */
export interface JournalRecord {
  key: string;
  entry: UndoEntry;
  undone: boolean;
}

/**
 * Each execution's undo journal (see UndoEntry), which Rollback reads back. One entry per logical change: an
 * entry whose key (undoEntryKey) the execution's journal already holds is not appended again, so a retried
 * task neither duplicates it nor replaces the first pre-image with a value its own earlier attempt wrote.
 */
export interface JournalPort {
  append(storeHash: string, executionId: string, entries: UndoEntry[]): Promise<void>;
  /** Entries in the order they were first appended. */
  read(storeHash: string, executionId: string): Promise<JournalRecord[]>;
  /** The entry has been undone: a retried or re-run rollback skips it. */
  markUndone(storeHash: string, executionId: string, entryKey: string): Promise<void>;
}

/**
 * Documents a run keeps beside its state: Step Functions limits every state to 256 KB, so the resolved
 * profile, each zone's changes, the verification and the full report live here, by execution and key, and
 * the state carries counts and the keys (see workflow-contract.ts). A document is written once per key by
 * one task (a retry writes the same key again) and read by the tasks after it. Profile data only: never a
 * token or a carrier credential.
 */
export interface RunArtifactsPort {
  /** Stores `document` (JSON) under the execution and key; returns where it is (an `s3://` URI, a path). */
  put(executionId: string, key: string, document: unknown): Promise<string>;
  /** The document stored under the execution and key. Throws MissingArtifact when there is none. */
  get<T>(executionId: string, key: string): Promise<T>;
}

/** A run artifact that was never written (or has expired). */
export class MissingArtifact extends Error {
  override readonly name = 'MissingArtifact';
}

export interface EventsPort {
  /** detailType: `bcship.run.succeeded`, `bcship.run.failed`, `bcship.run.drifted`, … */
  publish(detailType: string, detail: Record<string, unknown>): Promise<void>;
}

/** One message of the reconciliation queue: stores to start a verify run for, in one schedule slot. */
export interface ReconcileBatch {
  /** The schedule slot (its scheduled time): one run per store per slot. */
  slot: string;
  stores: RegisteredStore[];
}

/** The queue between listing the fleet and starting its runs (SQS on AWS). */
export interface ReconcileQueuePort {
  send(batches: ReconcileBatch[]): Promise<void>;
}

/** What a claim on a store's run in a slot found: now ours, already started, or held by another attempt. */
export type SlotClaim = 'claimed' | 'started' | 'held';

/**
 * How far a slot's reconciliation got, kept in the registry so that a retried or resumed invocation carries
 * on where the last one stopped: the listing cursor, and each store's claim on its run of the slot.
 */
export interface ReconcileProgressPort {
  /** Where listing the slot's stores stopped: undefined before the first page, LISTING_DONE after the last. */
  cursor(slot: string): Promise<string | undefined>;
  saveCursor(slot: string, cursor: string): Promise<void>;
  /**
   * Claims starting the store's run in the slot for `owner`, for `holdSeconds`: 'claimed' when it was
   * unclaimed, released, or its claim had lapsed; 'started' when a run was started; 'held' otherwise.
   */
  claim(storeHash: string, slot: string, owner: string, holdSeconds: number): Promise<SlotClaim>;
  /** The owner's run was started: no later claim in the slot gets it. */
  markStarted(storeHash: string, slot: string, owner: string): Promise<void>;
  /** The owner could not start the run: the next attempt may claim it at once. */
  release(storeHash: string, slot: string, owner: string): Promise<void>;
}

/** The cursor of a slot whose stores have all been queued. */
export const LISTING_DONE = 'done';

/**
 * How a claim on a store's pending webhook run ended: this delivery is to start the run, which reads the store
 * at `readsAt` (RFC 3339); or a run that another delivery (`owner`) starts reads the store late enough to
 * cover this one.
 */
export type PendingRunClaim = { claimed: true; readsAt: string } | { claimed: false; owner: string };

export interface PendingRunClaimRequest {
  storeHash: string;
  /** The delivery asking (its `webhook-id`). */
  owner: string;
  /** How long a new run waits before it reads the store: the burst window its deliveries share. */
  windowSeconds: number;
  /** How long a claim not yet marked started holds, should its owner neither start the run nor release it. */
  holdSeconds: number;
}

/**
 * Each store's pending webhook run: the one run that the deliveries of a burst share (see receive-webhook.ts).
 * A delivery claims it; the claim is granted when no run is pending for the store, when the pending run
 * reads the store less than PENDING_RUN_MARGIN_SECONDS from now (too soon to be sure it sees this delivery's
 * change), when its owner released it, or when its owner's hold lapsed before the run was started. A claim by
 * the delivery that already owns it is granted again with the same `readsAt`, so that its retry starts the
 * same run.
 */
export interface PendingRunPort {
  claim(request: PendingRunClaimRequest): Promise<PendingRunClaim>;
  /** The owner started the run: it holds until it reads the store, whatever happens to its owner. */
  markStarted(storeHash: string, owner: string): Promise<void>;
  /** The owner could not start the run: the next delivery may claim it at once. */
  release(storeHash: string, owner: string): Promise<void>;
}

/**
 * A pending run covers a delivery only if it reads the store at least this long after the delivery was
 * claimed: the margin absorbs the difference between the receiver's clock and Step Functions' Wait.
 */
export const PENDING_RUN_MARGIN_SECONDS = 2;

/** Starts Onboard executions (the schedule and the webhook receiver start them; the workflow never does). */
export interface ExecutionStarterPort {
  /**
   * Starts an execution under `name`. A name already used (Step Functions keeps names for 90 days) starts
   * nothing and resolves `{ started: false }`: that is what makes a retried trigger harmless.
   */
  start(input: ExecutionInput, name: string): Promise<{ started: boolean }>;
}

export interface ProfileSource {
  /**
   * A profile deployed with the stack (Lambda) or found in `profiles/` (local), resolved; with a store hash, with
   * that store's own values (`stores/<hash>.yaml`) when it has some. Throws InvalidProfile.
   */
  get(name: string, storeHash?: string): Profile;
  names(): string[];
}

export interface Deps {
  secrets: SecretsPort;
  stores: StoreRegistryPort;
  leases: LeasePort;
  journal: JournalPort;
  events: EventsPort;
  profiles: ProfileSource;
  artifacts: RunArtifactsPort;
  /** A Shipping V2 client for a store (base URL from configuration, token from `secrets`). */
  bigcommerce(storeHash: string): Promise<ShippingClient>;
  /** The store's V3 carts, checkouts and catalog variants: what a shopper is offered. */
  checkout(storeHash: string): Promise<CheckoutClient>;
}

/** What the functions that start executions (reconcile-stores, receive-webhook) use. */
export interface TriggerDeps {
  stores: StoreRegistryPort;
  events: EventsPort;
  executions: ExecutionStarterPort;
}

/** What scheduled reconciliation uses: the queue, its progress, and the Express machine's starter. */
export interface ReconcilePorts {
  reconcileQueue: ReconcileQueuePort;
  reconcileProgress: ReconcileProgressPort;
  /** Starts runs on the read-only Express state machine. */
  reconcileRuns: ExecutionStarterPort;
}

/**
 * What the app's callbacks and onboarding events use: the triggers' ports, plus the app's credentials, the token
 * endpoint, the store tokens they write, the store's own facts and the rules that turn them into a profile.
 */
export interface AppDeps extends TriggerDeps {
  secrets: SecretsPort;
  profiles: ProfileSource;
  appCredentials(): Promise<AppCredentials>;
  /** The OAuth token endpoint's base, `https://login.bigcommerce.com` unless configured otherwise. */
  loginUrl: string;
  storeTokens: StoreTokenWriterPort;
  /** `GET /v2/store`, with `accessToken` when given (an install has it before it is stored), else the stored one. */
  storeInformation(storeHash: string, accessToken?: string): Promise<StoreInfo>;
  /** The deployed assignment rules, checked at synthesis against the deployed profiles. */
  assignments(): AssignmentRules;
}

/** The app's OAuth client, from the app secret (`{ clientId, clientSecret }`). */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

/** Writes store API tokens: the app's install stores one, its uninstall disables it. */
export interface StoreTokenWriterPort {
  /** Creates `{storePrefix}/{storeHash}` as `{ accessToken }`, or replaces its value (a re-install). */
  putStoreToken(storeHash: string, accessToken: string): Promise<void>;
  /**
   * Replaces the value with one that holds no token, so nothing can use it (runs fail with MissingSecret) and a
   * re-install simply puts a new one. Nothing to do when the store has no token secret.
   */
  disableStoreToken(storeHash: string): Promise<void>;
}

/** A secret that does not exist or lacks the expected field. Terminal. The message names the secret, never
 * its value. */
export class MissingSecret extends Error {
  override readonly name = 'MissingSecret';
}
