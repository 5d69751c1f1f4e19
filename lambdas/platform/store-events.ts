/**
 * The detail types of the store lifecycle events on the bcship bus, in a module of their own so that a bundle
 * naming one does not carry the schemas of the operation that publishes or receives it.
 */

/** Published when a registered store uninstalls the app; the store is deregistered, its history kept. */
export const STORE_UNINSTALLED_EVENT = 'bcship.store.uninstalled';

/** Put on the bus (`{ storeHash, profile? }`) to have a store whose token secret exists onboarded. */
export const ONBOARD_REQUESTED_EVENT = 'bcship.store.onboard-requested';
