/**
 * The reconciliation queue and its progress, in memory: what `bcship reconcile`, the tests and the fleet
 * benchmark run the fan-out over. They keep the AWS adapters' rules (aws-reconcile-queue.ts,
 * aws-reconcile-progress.ts): a claim is the owner's until it is released, started, or lapses.
 */
import {
  LISTING_DONE,
  type ReconcileBatch,
  type ReconcileProgressPort,
  type ReconcileQueuePort,
  type SlotClaim,
} from '../../lambdas/platform/ports.ts';

export class MemoryReconcileQueue implements ReconcileQueuePort {
  /** Messages not yet received, oldest first. */
  readonly messages: ReconcileBatch[] = [];

  async send(batches: ReconcileBatch[]): Promise<void> {
    this.messages.push(...structuredClone(batches));
  }

  /** Takes up to `count` messages off the queue. */
  receive(count: number): ReconcileBatch[] {
    return this.messages.splice(0, count);
  }
}

interface Claim {
  status: 'claimed' | 'started' | 'released';
  owner: string;
  heldUntil: number;
}

export class MemoryReconcileProgress implements ReconcileProgressPort {
  private readonly cursors = new Map<string, string>();
  private readonly claims = new Map<string, Claim>();
  private readonly nowSeconds: () => number;

  constructor(nowSeconds: () => number = () => Date.now() / 1000) {
    this.nowSeconds = nowSeconds;
  }

  async cursor(slot: string): Promise<string | undefined> {
    return this.cursors.get(slot);
  }

  async saveCursor(slot: string, cursor: string): Promise<void> {
    this.cursors.set(slot, cursor);
  }

  async claim(storeHash: string, slot: string, owner: string, holdSeconds: number): Promise<SlotClaim> {
    const key = `${storeHash}/${slot}`;
    const current = this.claims.get(key);
    if (current?.status === 'started') return 'started';
    const free =
      current === undefined ||
      current.status === 'released' ||
      current.owner === owner ||
      current.heldUntil < this.nowSeconds();
    if (!free) return 'held';
    this.claims.set(key, { status: 'claimed', owner, heldUntil: this.nowSeconds() + holdSeconds });
    return 'claimed';
  }

  async markStarted(storeHash: string, slot: string, owner: string): Promise<void> {
    this.claims.set(`${storeHash}/${slot}`, { status: 'started', owner, heldUntil: 0 });
  }

  async release(storeHash: string, slot: string, owner: string): Promise<void> {
    const current = this.claims.get(`${storeHash}/${slot}`);
    if (current?.owner === owner && current.status === 'claimed') current.status = 'released';
  }

  /** Whether listing the slot's stores has finished. */
  listed(slot: string): boolean {
    return this.cursors.get(slot) === LISTING_DONE;
  }
}
