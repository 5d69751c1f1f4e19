/**
 * One store's carts and their checkouts (the cart id is the checkout id), with the rules BigCommerce applies
 * that the spec cannot express (REFERENCE.md §5). Bodies arrive here already checked against the spec.
 */
import type { Catalog } from './catalog.ts';
import { invalidField, V3Error } from './v3-errors.ts';

export interface CartLineItem {
  id: string;
  productId: number;
  variantId: number;
  name: string;
  sku: string;
  quantity: number;
  /** Unit price: the catalog price unless the request overrode it. */
  listPrice: number;
  /** Unit weight, in the store's weight units. */
  weight: number;
}

/** The address fields a consignment was given, as sent (the spec has checked their types). */
type ConsignmentAddress = Record<string, unknown> & { country_code: string; email: string };

export interface Consignment {
  id: string;
  address: ConsignmentAddress;
  /** Which cart lines ship to this address, and how many of each. */
  lineItems: { itemId: string; quantity: number }[];
}

export interface Cart {
  id: string;
  channelId: number;
  currencyCode: string;
  lineItems: CartLineItem[];
  consignments: Consignment[];
  createdTime: string;
  updatedTime: string;
  /** Increments with each change; a request that names another version gets 409. */
  version: number;
}

type Body = Record<string, unknown>;

const cartConflictTitle =
  'The request cannot be processed due to a possible conflict. Please review the changes and try again.';

export class CartStore {
  readonly #carts = new Map<string, Cart>();
  readonly #catalog: Catalog;
  readonly #channelIds: readonly number[];
  readonly #currencyCode: string;
  // Ids come from counters, not randomness, so a replayed run sees the same ids.
  #nextCart = 1;
  #nextLineItem = 1;
  #nextConsignment = 1;

  constructor(options: { catalog: Catalog; channelIds: readonly number[]; currencyCode: string }) {
    this.#catalog = options.catalog;
    this.#channelIds = [...options.channelIds];
    this.#currencyCode = options.currencyCode.toUpperCase();
  }

  /** The ids of the carts the store holds, oldest first. */
  ids(): string[] {
    return [...this.#carts.keys()];
  }

  get(cartId: string): Cart {
    const cart = this.#carts.get(cartId.toLowerCase());
    if (!cart) throw new V3Error(404, `Cart ${cartId} not found.`);
    return cart;
  }

  /** `POST /carts`, catalog products only: `custom_items` and `gift_certificates` carry no weight to ship. */
  create(body: Body, at: Date): Cart {
    for (const field of ['custom_items', 'gift_certificates']) {
      if (Array.isArray(body[field]) && (body[field] as unknown[]).length > 0) {
        throw invalidField(field, 'The sandbox does not simulate these; add catalog products to line_items.');
      }
    }
    const channelId = body.channel_id === undefined ? 1 : Number(body.channel_id);
    if (!this.#channelIds.includes(channelId)) {
      throw invalidField('channel_id', `The store has no channel ${channelId}.`);
    }
    const currency = (body.currency as Body | undefined)?.code;
    if (currency !== undefined && String(currency).toUpperCase() !== this.#currencyCode) {
      throw new V3Error(
        400,
        `The currency ${String(currency)} is not a transactional currency of this store.`,
      );
    }
    const requested = (body.line_items as Body[] | undefined) ?? [];
    if (requested.length === 0) throw invalidField('line_items', 'must hold at least one catalog product');
    const lineItems = requested.map((item, index) => this.#lineItem(item, `line_items[${index}]`));
    const sequence = this.#nextCart++;
    const id = `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
    const time = at.toISOString();
    const cart: Cart = {
      id,
      channelId,
      currencyCode: this.#currencyCode,
      lineItems,
      consignments: [],
      createdTime: time,
      updatedTime: time,
      version: 1,
    };
    this.#carts.set(id, cart);
    return cart;
  }

  delete(cartId: string): void {
    this.#carts.delete(this.get(cartId).id);
  }

  /**
   * `POST /checkouts/{id}/consignments`. Each entry becomes a consignment; a cart line named in a new
   * consignment leaves the one it was in, and a consignment left with no lines is dropped.
   */
  addConsignments(cartId: string, requests: Body[], at: Date): Cart {
    const cart = this.get(cartId);
    requests.forEach((request, index) => {
      if (request.version !== undefined && request.version !== cart.version) {
        throw new V3Error(409, cartConflictTitle);
      }
      if (request.pickup_option !== undefined) {
        throw invalidField(`[${index}].pickup_option`, 'The sandbox does not simulate pickup consignments.');
      }
      if (request.address === undefined) throw invalidField(`[${index}].address`, 'is required');
    });
    const added = requests.map((request, index) => this.#consignment(cart, request, `[${index}]`));
    const movedItemIds = new Set(added.flatMap(({ lineItems }) => lineItems.map(({ itemId }) => itemId)));
    cart.consignments = cart.consignments
      .map((consignment) => ({
        ...consignment,
        lineItems: consignment.lineItems.filter(({ itemId }) => !movedItemIds.has(itemId)),
      }))
      .filter((consignment) => consignment.lineItems.length > 0)
      .concat(added);
    cart.version += 1;
    cart.updatedTime = at.toISOString();
    return cart;
  }

  #lineItem(item: Body, field: string): CartLineItem {
    if (item.product_id === undefined) throw invalidField(`${field}.product_id`, 'is required');
    const quantity = positiveInteger(item.quantity, `${field}.quantity`);
    const productId = Number(item.product_id);
    const variantId = item.variant_id === undefined ? undefined : Number(item.variant_id);
    const found = this.#catalog.lookup(productId, variantId);
    switch (found.kind) {
      case 'unknown-product':
        throw new V3Error(422, `Product ${productId} does not exist.`, {
          [`${field}.product_id`]: `There is no product ${productId} in the catalog.`,
        });
      case 'variant-required':
        throw new V3Error(422, 'This product has options; variant ID is required.', {
          [`${field}.variant_id`]: 'is required for this product',
        });
      case 'unknown-variant':
        throw new V3Error(422, `Product ${productId} has no variant ${String(variantId)}.`, {
          [`${field}.variant_id`]: `is not a variant of product ${productId}`,
        });
    }
    const { item: catalogItem } = found;
    return {
      id: `00000000-0000-4000-9000-${(this.#nextLineItem++).toString(16).padStart(12, '0')}`,
      productId: catalogItem.productId,
      variantId: catalogItem.variantId,
      name: typeof item.name === 'string' ? item.name : catalogItem.name,
      sku: catalogItem.sku,
      quantity,
      listPrice: typeof item.list_price === 'number' ? item.list_price : catalogItem.price,
      weight: catalogItem.weight,
    };
  }

  #consignment(cart: Cart, request: Body, field: string): Consignment {
    const requested = (request.line_items as Body[] | undefined) ?? [];
    if (requested.length === 0) throw invalidField(`${field}.line_items`, 'must name at least one cart item');
    const lineItems = requested.map((entry, index) => {
      const at = `${field}.line_items[${index}]`;
      const itemId = String(entry.item_id);
      const line = cart.lineItems.find((candidate) => candidate.id === itemId);
      if (!line) throw invalidField(`${at}.item_id`, `The cart has no item ${itemId}.`);
      const quantity = positiveInteger(entry.quantity, `${at}.quantity`);
      if (quantity > line.quantity) {
        throw invalidField(`${at}.quantity`, `The cart holds only ${line.quantity} of item ${itemId}.`);
      }
      return { itemId, quantity };
    });
    return {
      id: (this.#nextConsignment++).toString(16).padStart(13, '0'),
      address: structuredClone(request.address) as ConsignmentAddress,
      lineItems,
    };
  }
}

function positiveInteger(value: unknown, field: string): number {
  if (value === undefined) throw invalidField(field, 'is required');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidField(field, 'must be a positive whole number');
  }
  return value;
}
