/**
 * The registry table's layout, shared by the table's definition (lib/store-registry.ts) and its adapters
 * (aws-store-registry.ts, aws-lease.ts, aws-journal.ts): they must agree on the keys, the time to live and
 * the index that lists stores. One table, `pk`/`sk` strings, `ttl`, sparse GSI `byEntity` on `entity` + `pk`:
 *
 *   store entry   pk=STORE#{hash}  sk=STORE                      entity=store while registered (only then in
 *                                                                byEntity); without it, carriers only
 *   lease         pk=STORE#{hash}  sk=LEASE                      executionId, expiresAt; ttl once released
 *   run           pk=STORE#{hash}  sk=RUN#{finishedAt}#{execId}   ttl 90 days
 *   journal       pk=STORE#{hash}  sk=UNDO#{execId}#{entryKey}    seq, key, entry, undone; ttl 30 days
 *   journal seq   pk=STORE#{hash}  sk=UNDOSEQ#{execId}            ttl 30 days (atomic counter)
 *   pending run   pk=STORE#{hash}  sk=PENDING_RUN                owner, status, readsAt, heldUntil; ttl a day
 *                                                                after it read the store (webhook bursts)
 *
 * Attribute names are always aliased (`#name`) so that none can collide with DynamoDB's reserved words.
 */
import type { RunRecord } from './ports.ts';

/** The sparse index over `entity` + `pk`: only registered store entries carry `entity`. */
export const BY_ENTITY_INDEX = 'byEntity';

/** The `entity` of a registered store entry. */
export const STORE_ENTITY = 'store';

/** The attribute DynamoDB's time to live deletes expired items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'ttl';

export const DAY_SECONDS = 24 * 60 * 60;

/** A time as the table holds it (`ttl`, a lease's `expiresAt`): whole seconds since the epoch. */
export const epochSeconds = (time: Date): number => Math.floor(time.getTime() / 1000);

/** A pending run's `readsAt` as its execution input carries it: RFC 3339 in whole seconds, as a Wait reads it. */
export const readsAtTimestamp = (epoch: number): string =>
  new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');

export const storePartition = (storeHash: string) => `STORE#${storeHash}`;
export const storeKey = (storeHash: string) => ({ pk: storePartition(storeHash), sk: 'STORE' });
export const runSortKey = (run: RunRecord) => `RUN#${run.finishedAt}#${run.executionId}`;
export const pendingRunKey = (storeHash: string) => ({ pk: storePartition(storeHash), sk: 'PENDING_RUN' });
export const leaseKey = (storeHash: string) => ({ pk: storePartition(storeHash), sk: 'LEASE' });
export const undoSequenceKey = (storeHash: string, executionId: string) => ({
  pk: storePartition(storeHash),
  sk: `UNDOSEQ#${executionId}`,
});
export const undoPrefix = (executionId: string) => `UNDO#${executionId}#`;
/** One item per logical change (undoEntryKey); the order of appending is the item's `seq`. */
export const undoSortKey = (executionId: string, entryKey: string) => `${undoPrefix(executionId)}${entryKey}`;
