/**
 * The registry table's layout, shared by the table's definition (lib/store-registry.ts) and its adapter
 * (aws-registry.ts): the two must agree on the index that lists stores.
 */

/** The sparse index over `entity` + `pk`: only registered store entries carry `entity`. */
export const BY_ENTITY_INDEX = 'byEntity';

/** The `entity` of a registered store entry. */
export const STORE_ENTITY = 'store';

/** The attribute DynamoDB's time to live deletes expired items by (epoch seconds). */
export const TTL_ATTRIBUTE = 'ttl';
