/**
 * LeasePort on the JSON registry file. Like the DynamoDB adapter, a lease is decided by its expiry time and
 * holds through it; a released lease is removed from the file at once.
 */
import type { LeaseHolder, LeasePort } from '../../lambdas/platform/ports.ts';
import type { JsonRegistryFile } from './json-registry-file.ts';

export interface JsonLeaseOptions {
  /** The clock leases are taken and checked against (default: the system clock). */
  now?: () => Date;
}

export class JsonLease implements LeasePort {
  private readonly file: JsonRegistryFile;
  private readonly now: () => Date;

  constructor(file: JsonRegistryFile, options: JsonLeaseOptions = {}) {
    this.file = file;
    this.now = options.now ?? (() => new Date());
  }

  async acquire(storeHash: string, executionId: string, ttlSeconds: number): Promise<boolean> {
    const { leases } = this.file.load();
    const now = this.now();
    const lease = leases[storeHash];
    const held =
      lease !== undefined && lease.executionId !== executionId && Date.parse(lease.expiresAt) >= +now;
    if (held) return false;
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
    leases[storeHash] = { executionId, expiresAt, takenAt: now.toISOString() };
    this.file.save();
    return true;
  }

  async release(storeHash: string, executionId: string): Promise<void> {
    const { leases } = this.file.load();
    if (leases[storeHash]?.executionId !== executionId) return;
    delete leases[storeHash];
    this.file.save();
  }

  async holder(storeHash: string): Promise<LeaseHolder | undefined> {
    const lease = this.file.load().leases[storeHash];
    if (lease === undefined || Date.parse(lease.expiresAt) < +this.now()) return undefined;
    return { executionId: lease.executionId, since: lease.takenAt ?? lease.expiresAt };
  }
}
