/**
 * The OAuth scopes bcship needs, checked against what the merchant granted before an install goes further
 * (BigCommerce's scopes are all-or-nothing, so a missing one means the app was registered without it).
 *
 * - `store_v2_information`, modify ("Information & Settings"): every Shipping V2 call (zones, methods,
 *   carrier connections) and `GET /v2/store`. BigCommerce has no separate shipping scope: this is it. The
 *   read-only variant cannot apply a profile, so it does not count.
 * - For a profile with checkout expectations (the Probe step), also carts (`store_cart`), checkouts
 *   (`store_checkout`; the checkouts spec spells it `store_checkouts`) and products read-only
 *   (`store_v2_products_read_only`, or `store_v2_products`) to look SKUs up.
 */
import type { Profile } from '../shipping/profile.ts';

export interface ScopeNeed {
  /** The scope as BigCommerce names it in the `scope` parameter. */
  scope: string;
  /** Other names that grant it as well. */
  alternatives?: readonly string[];
  why: string;
}

export const REQUIRED_SCOPES: readonly ScopeNeed[] = [
  {
    scope: 'store_v2_information',
    why: 'Information & Settings (modify): shipping zones, methods, carrier connections and the store’s units',
  },
];

const PROBE_SCOPES: readonly ScopeNeed[] = [
  { scope: 'store_cart', why: 'Carts (modify): the checkout probe’s carts' },
  {
    scope: 'store_checkout',
    alternatives: ['store_checkouts'],
    why: 'Checkouts (modify): the shipping options a shopper is offered',
  },
  {
    scope: 'store_v2_products_read_only',
    alternatives: ['store_v2_products'],
    why: 'Products (read-only): looking the probe’s SKUs up',
  },
];

/** The scopes `granted` lacks for bcship, and for `profile` when it probes checkout. */
export function missingScopes(granted: readonly string[], profile?: Profile): ScopeNeed[] {
  const needs = [...REQUIRED_SCOPES, ...((profile?.checkout?.length ?? 0) > 0 ? PROBE_SCOPES : [])];
  return needs.filter(
    (need) =>
      !granted.includes(need.scope) && !(need.alternatives ?? []).some((name) => granted.includes(name)),
  );
}

/** `scope` as the auth callback receives it: space-separated (a `+` in the URL is already a space). */
export const splitScopes = (scope: string): string[] => scope.split(/[\s+]+/).filter(Boolean);
