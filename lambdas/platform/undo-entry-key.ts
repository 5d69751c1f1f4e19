/**
 * The key of a journal entry: one per logical change of an execution, whatever the retries. A task attempt
 * that is retried journals its changes again before resending them; the same change gets the same key, and
 * the journal keeps the first entry under it (see JournalPort). Names, identities and cart ids can hold any
 * character and be long, so they enter the key as a short digest; ids and kinds stay readable.
 */
import { createHash } from 'node:crypto';
import type { UndoEntry } from './ports.ts';

const digest = (...parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);

/** Channels in a fixed order: the same set, however listed, is the same method identity. */
const channelsOf = (channelIds: number[] | undefined): number[] =>
  [...(channelIds ?? [])].sort((a, b) => a - b);

export function undoEntryKey(entry: UndoEntry): string {
  switch (entry.kind) {
    case 'delete-created':
      return `${entry.kind}/zone-${entry.zoneId}/${digest(entry.type, entry.name, channelsOf(entry.channel_ids))}`;
    case 'restore-updated':
    case 'recreate-deleted':
      return `${entry.kind}/zone-${entry.zoneId}/method-${entry.methodId}`;
    case 'disconnect-connected':
      return `${entry.kind}/${digest(entry.carrierId)}`;
    case 'delete-created-zone':
      return `${entry.kind}/${digest(entry.name, entry.type)}`;
    case 'restore-updated-zone':
    case 'recreate-deleted-zone':
      return `${entry.kind}/zone-${entry.zoneId}`;
    case 'delete-cart':
    case 'cart-deleted':
      return `${entry.kind}/${digest(entry.cartId)}`;
  }
}
