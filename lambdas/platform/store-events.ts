/**
 * The store lifecycle events on the bcship bus: their detail types, in a module of their own so that a bundle
 * naming one does not carry the schemas of the operation that publishes or receives it, and the one way an
 * uninstall is announced (the webhook and the app's callback both report uninstalls).
 */
import type { EventsPort, RegisteredStore, StoreRegistryPort } from './ports.ts';

/** Published when a registered store uninstalls the app; the store is deregistered, its history kept. */
export const STORE_UNINSTALLED_EVENT = 'bcship.store.uninstalled';

/** Put on the bus (`{ storeHash, profile? }`) to have a store whose token secret exists onboarded. */
export const ONBOARD_REQUESTED_EVENT = 'bcship.store.onboard-requested';

/**
 * Ends the store's registration and announces it (STORE_UNINSTALLED_EVENT, with the profile it had), once per
 * uninstall however many deliveries report it at once (webhook redeliveries, the app's `/uninstall`): only
 * the call whose conditional write ended the registration publishes. Should that publish fail, the
 * registration is put back before the error goes on, so that the failed delivery's retry finds the store
 * registered and does both again instead of finding nothing left to announce. Resolves the registration this
 * call ended; undefined when there was none (already uninstalled, or another delivery got there first).
 */
export async function deregisterAndAnnounce(
  ports: { stores: StoreRegistryPort; events: EventsPort },
  storeHash: string,
  detail: Record<string, unknown>,
): Promise<RegisteredStore | undefined> {
  const ended = await ports.stores.deregisterStore(storeHash);
  if (!ended) return undefined;
  try {
    await ports.events.publish(STORE_UNINSTALLED_EVENT, { ...detail, ...ended });
  } catch (error) {
    await ports.stores.registerStore(storeHash, ended.profileName);
    throw error;
  }
  return ended;
}
