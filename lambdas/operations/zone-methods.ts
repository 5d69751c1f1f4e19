/**
 * Reading a zone's methods as the domain needs them: one list call, then a GET for each managed method whose
 * settings the list left out (BigCommerce returns `settings: {}` for some carrier methods in lists).
 */
import type { ShippingClient } from '../bigcommerce/client.ts';
import {
  BigCommerceUnexpectedResponse,
  describeMethod,
  hasIdentity,
  isCarrierType,
  methodsNeedingDetail,
  normalizeMethod,
} from '../shipping/index.ts';
import type { MethodIdentity, ObservedMethod, ResolvedZone } from '../shipping/types.ts';

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
      needDetail.has(method.id)
        ? withoutUnknownOptions(normalizeMethod(await client.getMethod(zone.zoneId, method.id)))
        : method,
    );
  }
  return observed;
}

/**
 * A carrier method whose single GET still has no options reads as having none: nothing was observed, so the
 * plan sends every option the profile sets, and Verify reports a mismatch if the store keeps dropping them.
 * Any other method without settings (a flat rate without its rate) is a response nothing can be planned on.
 */
function withoutUnknownOptions(method: ObservedMethod): ObservedMethod {
  if (method.settings !== undefined) return method;
  if (isCarrierType(method.type)) return { ...method, settings: { carrier_options: {} } };
  throw new BigCommerceUnexpectedResponse(
    'shipping method',
    'settings',
    `of method ${method.id} ${describeMethod(method)} are empty, even in the single method's response`,
  );
}

/**
 * Methods of a zone with this identity, as listed (settings not needed): with channels, only those on exactly
 * those channels, so undoing a create on channel 1 leaves the same-named method of channel 2 alone.
 */
export async function findMethodsByIdentity(
  client: ShippingClient,
  zoneId: number,
  identity: MethodIdentity,
): Promise<ObservedMethod[]> {
  const listed = (await client.listMethods(zoneId)).map((raw: unknown) => normalizeMethod(raw));
  return listed.filter((method) => hasIdentity(method, identity));
}
