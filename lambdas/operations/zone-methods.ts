/**
 * Reading a zone's methods as the domain needs them: one list call, then a GET for each managed method whose
 * settings the list left out (BigCommerce returns `settings: {}` for some carrier methods in lists).
 */
import type { ShippingClient } from '../bigcommerce/client.ts';
import { methodsNeedingDetail, normalizeMethod } from '../shipping/index.ts';
import type { ObservedMethod, ResolvedZone } from '../shipping/types.ts';

export async function observeZoneMethods(
  client: ShippingClient,
  zone: ResolvedZone,
  /** With `prune`, unmanaged methods are read in full too: deleting one journals its settings for rollback. */
  options: { prune: boolean } = { prune: false },
): Promise<ObservedMethod[]> {
  const listed = (await client.listMethods(zone.zoneId)).map((raw: unknown) => normalizeMethod(raw));
  const needDetail = new Set(methodsNeedingDetail(zone, listed, options));
  const observed: ObservedMethod[] = [];
  for (const method of listed) {
    observed.push(
      needDetail.has(method.id) ? normalizeMethod(await client.getMethod(zone.zoneId, method.id)) : method,
    );
  }
  return observed;
}

/** Methods of a zone with this identity, as listed (settings not needed). */
export async function findMethodsByIdentity(
  client: ShippingClient,
  zoneId: number,
  identity: { type: string; name: string },
): Promise<ObservedMethod[]> {
  const listed = (await client.listMethods(zoneId)).map((raw: unknown) => normalizeMethod(raw));
  return listed.filter((m) => m.type === identity.type && m.name === identity.name);
}
