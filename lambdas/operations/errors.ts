/**
 * Errors raised by the operations themselves (the domain's are in lambdas/shipping/errors.ts). The `name` is
 * what the state machine's Catch matches: stable API.
 */
import type { LeaseHolder } from '../platform/ports.ts';

/** BigCommerce refused both connecting (POST) and updating (PUT) a carrier's connection. Terminal: retrying
 * the same fields gets the same answer. The message names the carrier and BigCommerce's reason, never the
 * connection fields. */
export class CarrierConnectionFailed extends Error {
  override readonly name = 'CarrierConnectionFailed';
  readonly carrierId: string;
  constructor(carrierId: string, reason: string) {
    super(`Carrier ${carrierId} could not be connected: ${reason}`);
    this.carrierId = carrierId;
  }
}

/**
 * Another execution holds the store's lease: it is changing the store right now. Retryable: the state
 * machine waits (long) for that execution to finish, then this one plans against what it left.
 */
export class StoreBusy extends Error {
  override readonly name = 'StoreBusy';
  readonly storeHash: string;
  constructor(storeHash: string, holder: LeaseHolder | undefined) {
    const by = holder
      ? `execution ${holder.executionId} (holding its lease since ${holder.since})`
      : 'another execution';
    super(
      `Store ${storeHash} is being changed by ${by}; this one waits for it to finish. ` +
        `If that execution is gone, release the lease with: bcship unlock --store ${storeHash}`,
    );
    this.storeHash = storeHash;
  }
}
