/**
 * PendingRunPort on the JSON registry file, with the DynamoDB adapter's rules (aws-pending-runs.ts). Each
 * call reads, decides and saves with nothing awaited in between, so concurrent claims in one process are
 * granted once, as the conditional write grants them.
 */
import {
  PENDING_RUN_MARGIN_SECONDS,
  type PendingRunClaim,
  type PendingRunClaimRequest,
  type PendingRunPort,
} from '../../lambdas/platform/ports.ts';
import { epochSeconds, readsAtTimestamp } from '../../lambdas/platform/registry-layout.ts';
import type { JsonRegistryFile, PendingRun } from './json-registry-file.ts';

export class JsonPendingRuns implements PendingRunPort {
  private readonly file: JsonRegistryFile;
  private readonly now: () => Date;

  constructor(file: JsonRegistryFile, options: { now?: () => Date } = {}) {
    this.file = file;
    this.now = options.now ?? (() => new Date());
  }

  async claim(request: PendingRunClaimRequest): Promise<PendingRunClaim> {
    const { pendingRuns } = this.file.load();
    const now = epochSeconds(this.now());
    const pending = pendingRuns[request.storeHash];
    if (pending?.owner === request.owner)
      return { claimed: true, readsAt: readsAtTimestamp(pending.readsAt) };
    if (pending && coversNewDeliveries(pending, now)) return { claimed: false, owner: pending.owner };
    const readsAt = now + request.windowSeconds;
    pendingRuns[request.storeHash] = {
      owner: request.owner,
      status: 'starting',
      readsAt,
      heldUntil: now + request.holdSeconds,
    };
    this.file.save();
    return { claimed: true, readsAt: readsAtTimestamp(readsAt) };
  }

  async markStarted(storeHash: string, owner: string): Promise<void> {
    this.setStatus(storeHash, owner, 'started');
  }

  async release(storeHash: string, owner: string): Promise<void> {
    this.setStatus(storeHash, owner, 'released');
  }

  private setStatus(storeHash: string, owner: string, status: PendingRun['status']): void {
    const pending = this.file.load().pendingRuns[storeHash];
    if (pending?.owner !== owner) return;
    pending.status = status;
    this.file.save();
  }
}

/** Whether a delivery claiming at `now` is covered: the run has yet to read, and is started or being started. */
const coversNewDeliveries = (pending: PendingRun, now: number): boolean =>
  pending.readsAt > now + PENDING_RUN_MARGIN_SECONDS &&
  pending.status !== 'released' &&
  !(pending.status === 'starting' && pending.heldUntil < now);
