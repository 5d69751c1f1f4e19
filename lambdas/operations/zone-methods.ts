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
  // A declared zone not created yet (a plan, a verify) has no methods, and no id to list them by.
  if (zone.planned) return [];
  const listed = (await client.listMethods(zone.zoneId)).map((raw: unknown) => normalizeMethod(raw));
  const needDetail = new Set(methodsNeedingDetail(zone, listed, options));
  const observed: ObservedMethod[] = [];
  for (const method of listed) {
    observed.push(
      needDetail.has(method.id)
        ? withoutUnknownSettings(normalizeMethod(await client.getMethod(zone.zoneId, method.id)))
        : method,
    );
  }
  return observed;
}

/**
 * A carrier, weight or total method whose single GET still has no settings reads as having none (the spec's
 * own getShippingMethod example answers `settings: {}` for a weight method): nothing was observed, so the plan
 * sends every setting the profile manages, and Verify reports a mismatch if the store keeps leaving them out.
 * A flat rate without its rate is a response nothing can be planned on.
 */
function withoutUnknownSettings(method: ObservedMethod): ObservedMethod {
  if (method.settings !== undefined) return method;
  if (isCarrierType(method.type)) return { ...method, settings: { carrier_options: {} } };
  if (method.type === 'weight' || method.type === 'total') return { ...method, settings: {} };
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
