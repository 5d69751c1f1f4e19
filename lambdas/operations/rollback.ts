/**
 * Rollback: undoes an execution's journalled changes, newest first. Each undo is idempotent, so a rollback
 * that is retried, or that meets a change whose write never arrived, ends in the same place. Newest first
 * also means a carrier's methods are removed before the carrier is disconnected: ConnectCarriers runs before
 * the zones are applied.
 *
 * Each entry is marked undone as soon as its undo has landed, so a retried Rollback (the state machine retries
 * the task) or a re-run (`bcship rollback`) goes on from the entry where the last attempt stopped instead of
 * replaying the journal. The first entry that cannot be undone stops the attempt: the older ones may depend on
 * it (a carrier is disconnected only once its methods are gone).
 */
import type { ShippingClient } from '../bigcommerce/client.ts';
import { BigCommerceNotFound, BigCommerceRejected } from '../bigcommerce/errors.ts';
import type { RawZoneInput, RawZoneUpdate } from '../bigcommerce/wire-types.ts';
import type { Deps, UndoEntry } from '../platform/ports.ts';
import { normalizeZone } from '../shipping/index.ts';
import { type RollbackTaskInput, RollbackTaskInputSchema, StoreHashSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { findMethodsByIdentity } from './zone-methods.ts';

export interface RollbackResult {
  /** Journal entries undone, by this attempt or an earlier one. */
  undone: number;
  /** Journal entries still to undo: 0 once a rollback has finished. */
  notUndone: number;
}

async function run(input: RollbackTaskInput, deps: Deps): Promise<RollbackResult> {
  const storeHash = StoreHashSchema.safeParse(input.state.storeHash);
  if (!storeHash.success) return { undone: 0, notUndone: 0 };
  return undoJournal(storeHash.data, input.executionId, deps);
}

/** Undoes what the execution's journal holds and no earlier attempt has undone; throws at the first failure. */
export async function undoJournal(
  storeHash: string,
  executionId: string,
  deps: Deps,
): Promise<RollbackResult> {
  const journal = await deps.journal.read(storeHash, executionId);
  const pending = journal.filter((record) => !record.undone).reverse();
  if (pending.length === 0) return { undone: journal.length, notUndone: 0 };

  const client = await deps.bigcommerce(storeHash);
  for (const record of pending) {
    await undo(client, record.entry, storeHash, deps);
    await deps.journal.markUndone(storeHash, executionId, record.key);
  }
  return { undone: journal.length, notUndone: 0 };
}

async function undo(client: ShippingClient, entry: UndoEntry, storeHash: string, deps: Deps): Promise<void> {
  switch (entry.kind) {
    case 'delete-created': {
      // A create is journalled before it is sent, so there may be nothing to delete.
      for (const method of await findMethodsByIdentity(client, entry.zoneId, entry)) {
        await deleteIfPresent(client, entry.zoneId, method.id);
      }
      return;
    }
    case 'restore-updated': {
      try {
        await client.updateMethod(entry.zoneId, entry.methodId, entry.body);
      } catch (error) {
        if (!(error instanceof BigCommerceNotFound)) throw error;
        // Deleted since (by someone else, or recreated by an earlier rollback attempt): put it back once.
        await createUnlessPresent(client, entry.zoneId, entry.body);
      }
      return;
    }
    case 'recreate-deleted':
      await createUnlessPresent(client, entry.zoneId, entry.body);
      return;
    case 'delete-created-zone':
    case 'restore-updated-zone':
    case 'recreate-deleted-zone':
      await undoZone(client, entry);
      return;
    case 'disconnect-connected':
      await disconnectIfConnected(client, entry.carrierId);
      await deps.stores.markCarriersDisconnected(storeHash, [entry.carrierId]);
      return;
    case 'delete-cart':
    case 'cart-deleted':
      // Probe carts are journalled apart from any run's changes, and each probe deletes its own.
      return;
  }
}

type ZoneUndo = Extract<
  UndoEntry,
  { kind: 'delete-created-zone' | 'restore-updated-zone' | 'recreate-deleted-zone' }
>;

/** Zones as code undone: a created zone deleted (with the methods created in it), a changed or deleted one put back. */
async function undoZone(client: ShippingClient, entry: ZoneUndo): Promise<void> {
  const zonesNamed = async (name: unknown, type: unknown) =>
    (await client.listZones())
      .map((raw: unknown) => normalizeZone(raw))
      .filter((zone) => zone.name === name && zone.type === type);
  switch (entry.kind) {
    case 'delete-created-zone':
      for (const zone of await zonesNamed(entry.name, entry.type)) await deleteZoneIfPresent(client, zone.id);
      return;
    case 'restore-updated-zone':
      await client.updateZone(entry.zoneId, entry.body as RawZoneUpdate);
      return;
    case 'recreate-deleted-zone': {
      // An attempt that stopped halfway left the zone with some of its methods: the retry adds the rest.
      const [recreated] = await zonesNamed(entry.body.name, entry.body.type);
      const zoneId = recreated?.id ?? normalizeZone(await client.createZone(entry.body as RawZoneInput)).id;
      for (const method of entry.methods) await createUnlessPresent(client, zoneId, method);
      return;
    }
  }
}

async function deleteZoneIfPresent(client: ShippingClient, zoneId: number): Promise<void> {
  try {
    await client.deleteZone(zoneId);
  } catch (error) {
    if (!(error instanceof BigCommerceNotFound)) throw error;
  }
}

/**
 * BigCommerce documents only 204 and 400 for DELETE /shipping/carrier/connection, and a carrier that is not
 * connected (any more: the delete arrived on an earlier attempt, or someone disconnected it) is the 400 a
 * journalled connection can meet, whatever its message says. Any 400 is therefore taken as already undone.
 */
async function disconnectIfConnected(client: ShippingClient, carrierId: string): Promise<void> {
  try {
    await client.disconnectCarrier(carrierId);
  } catch (error) {
    const alreadyDisconnected = error instanceof BigCommerceRejected && error.status === 400;
    if (!alreadyDisconnected) throw error;
  }
}

async function createUnlessPresent(
  client: ShippingClient,
  zoneId: number,
  body: Record<string, unknown>,
): Promise<void> {
  const channels = Array.isArray(body.channel_ids) ? { channel_ids: body.channel_ids as number[] } : {};
  const identity = { type: String(body.type), name: String(body.name), ...channels };
  const existing = await findMethodsByIdentity(client, zoneId, identity);
  if (existing.length === 0) await client.createMethod(zoneId, body);
}

async function deleteIfPresent(client: ShippingClient, zoneId: number, methodId: number): Promise<void> {
  try {
    await client.deleteMethod(zoneId, methodId);
  } catch (error) {
    if (!(error instanceof BigCommerceNotFound)) throw error;
  }
}

export const rollback = defineOperation({
  name: 'rollback',
  input: RollbackTaskInputSchema,
  // Undoing a large apply on a paced store makes as many calls as the apply did.
  timeoutSeconds: 300,
  uses: { storeSecrets: true, bigcommerce: true, registry: 'read-write' },
  run,
  report: ({ undone, notUndone }) => ({ counts: { ChangesUndone: undone }, summary: { undone, notUndone } }),
});
