/**
 * The V3 operations checkout verification uses (REFERENCE.md §5), by the specs' operationId: create, read and
 * delete a cart; add consignments to its checkout and read the checkout, with the shipping options each
 * consignment's address is offered when `include=consignments.available_shipping_options` asks for them.
 */
import type { CartStore } from './carts.ts';
import type { Catalog } from './catalog.ts';
import { renderCart, renderCheckout } from './checkout-render.ts';
import type { StoreState } from './store-state.ts';
import type { Variants } from './variants.ts';

interface V3OperationRequest {
  storeHash: string;
  state: StoreState;
  carts: CartStore;
  catalog: Catalog;
  variants: Variants;
  /** Path parameters as strings. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (already checked against the spec), or undefined when there is none. */
  body: unknown;
  now: Date;
}

interface V3OperationResult {
  status: number;
  body?: unknown;
}

export type V3Operation = (request: V3OperationRequest) => V3OperationResult;

const shippingOptionsInclude = 'consignments.available_shipping_options';

/** `include` is a comma-separated list (style form, explode false) and may be repeated. */
const includes = (query: URLSearchParams, value: string) =>
  query.getAll('include').some((list) => list.split(',').includes(value));

const cartIdOf = (params: Record<string, string>) => params.cartId ?? '';
const checkoutIdOf = (params: Record<string, string>) => params.checkoutId ?? '';

const asObject = (body: unknown) => (body ?? {}) as Record<string, unknown>;

export const checkoutOperations: Record<string, V3Operation> = {
  createCart: ({ storeHash, state, variants, carts, body, now }) => ({
    status: 201,
    body: { data: renderCart(carts.create(asObject(body), now), { storeHash, state, variants }), meta: {} },
  }),
  getCart: ({ storeHash, state, variants, carts, params }) => ({
    status: 200,
    body: { data: renderCart(carts.get(cartIdOf(params)), { storeHash, state, variants }), meta: {} },
  }),
  deleteCart: ({ carts, params }) => {
    carts.delete(cartIdOf(params));
    return { status: 204 };
  },

  getCheckout: ({ storeHash, state, variants, carts, params, query }) => ({
    status: 200,
    body: {
      data: renderCheckout(
        carts.get(checkoutIdOf(params)),
        { storeHash, state, variants },
        includes(query, shippingOptionsInclude),
      ),
      meta: {},
    },
  }),
  addCheckoutConsignment: ({ storeHash, state, variants, carts, params, query, body, now }) => {
    const cart = carts.addConsignments(
      checkoutIdOf(params),
      (body as Record<string, unknown>[] | undefined) ?? [],
      now,
    );
    return {
      status: 200,
      body: {
        data: renderCheckout(cart, { storeHash, state, variants }, includes(query, shippingOptionsInclude)),
        meta: {},
      },
    };
  },
};
