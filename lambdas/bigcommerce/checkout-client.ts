/**
 * The BigCommerce V3 client for the checkout probe: what a shopper is offered at checkout, asked server-to-server
 * (REFERENCE.md §5): find a variant by SKU, create a cart, add a consignment and read its shipping options, delete
 * the cart. Built on openapi-fetch over the generated V3 types, through the same transport as the Shipping V2
 * client (pacing, timeout, typed errors, redaction), at the V2 base URL with `/v2` replaced by `/v3`.
 */

import type { Client } from 'openapi-fetch';
import type { OfferedOption } from '../shipping/checkout.ts';
import { BigCommerceUnexpectedResponse } from '../shipping/errors.ts';
import { isRecord } from '../shipping/values.ts';
import { BigCommerceNotFound } from './errors.ts';
import type { paths as CartPaths } from './generated/carts.v3.ts';
import type { paths as VariantPaths } from './generated/catalog-variants.v3.ts';
import type { paths as CheckoutPaths } from './generated/checkouts.v3.ts';
import {
  BigCommerceTransport,
  READ_HEADERS,
  type ShippingClientOptions,
  WRITE_HEADERS,
} from './transport.ts';

interface ShopperAddress {
  country: string;
  state?: string;
  zip?: string;
  city?: string;
}
export interface CartLine {
  productId: number;
  variantId?: number;
  quantity: number;
}
interface CreatedCart {
  cartId: string;
  physicalItems: { itemId: string; quantity: number }[];
}
export interface CheckoutClient {
  /** GET /v3/catalog/variants?sku=…: undefined when no variant has that SKU. */
  findVariantBySku(sku: string): Promise<{ productId: number; variantId: number } | undefined>;
  /** POST /v3/carts with channel_id and line_items. */
  createCart(input: { channelId: number; lines: CartLine[] }): Promise<CreatedCart>;
  /** POST /v3/checkouts/{cartId}/consignments?include=consignments.available_shipping_options with one
   *  consignment for every physical item; returns the first consignment's available_shipping_options. */
  shippingOptions(
    cartId: string,
    address: ShopperAddress,
    items: CreatedCart['physicalItems'],
  ): Promise<OfferedOption[]>;
  /** DELETE /v3/carts/{cartId}; a cart already gone (404) resolves too. */
  deleteCart(cartId: string): Promise<void>;
}

type V3Paths = CartPaths & CheckoutPaths & VariantPaths;

/** What the V3 calls need: carts and checkouts to probe, product reads to find a SKU. */
const V3_SCOPES = 'the store_cart, store_checkout and store_v2_products_read_only scopes';

/** The placeholder shopper of every consignment: BigCommerce quotes on the address, not on who it is. */
const PROBE_SHOPPER = {
  email: 'checkout-probe@example.com',
  first_name: 'Checkout',
  last_name: 'Probe',
  address1: '1 Probe Street',
  city: 'Probe City',
} as const;

function nonEmpty(field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(`${field}: must be a non-empty string`);
  return value;
}

// Readers of 2xx bodies: a body BigCommerce sent whole that lacks what the probe reads is unusable, not retryable.

function requireField(subject: string, path: string, value: unknown, ok: boolean): void {
  if (ok) return;
  const problem =
    value === undefined ? 'is missing' : `is not what the API documents: ${JSON.stringify(value)}`;
  throw new BigCommerceUnexpectedResponse(subject, path, problem);
}

function dataOf(subject: string, body: unknown): Record<string, unknown> {
  const data = isRecord(body) ? body.data : undefined;
  requireField(subject, 'data', data, isRecord(data));
  return data as Record<string, unknown>;
}

function listOf(subject: string, path: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  requireField(subject, path, value, Array.isArray(value));
  return value as unknown[];
}

function readCart(body: unknown): CreatedCart {
  const data = dataOf('cart', body);
  requireField('cart', 'data.id', data.id, typeof data.id === 'string' && data.id !== '');
  const lineItems = isRecord(data.line_items) ? data.line_items : {};
  const physical = listOf('cart', 'data.line_items.physical_items', lineItems.physical_items);
  const physicalItems = physical.map((item, index) => {
    const at = `data.line_items.physical_items[${index}]`;
    const { id, quantity } = isRecord(item) ? item : {};
    requireField('cart', `${at}.id`, id, typeof id === 'string' && id !== '');
    requireField('cart', `${at}.quantity`, quantity, typeof quantity === 'number');
    return { itemId: id as string, quantity: quantity as number };
  });
  return { cartId: data.id as string, physicalItems };
}

function readOption(option: unknown, at: string): OfferedOption {
  const { description, type, cost, transit_time } = isRecord(option) ? option : {};
  requireField('checkout', `${at}.description`, description, typeof description === 'string');
  requireField('checkout', `${at}.type`, type, typeof type === 'string');
  requireField('checkout', `${at}.cost`, cost, typeof cost === 'number' && Number.isFinite(cost));
  const offered: OfferedOption = {
    description: description as string,
    type: type as string,
    cost: cost as number,
  };
  if (typeof transit_time === 'string' && transit_time.trim() !== '') offered.transitTime = transit_time;
  return offered;
}

function readShippingOptions(body: unknown): OfferedOption[] {
  const data = dataOf('checkout', body);
  const [first] = listOf('checkout', 'data.consignments', data.consignments);
  requireField('checkout', 'data.consignments[0]', first, isRecord(first));
  const at = 'data.consignments[0].available_shipping_options';
  const options = listOf('checkout', at, (first as Record<string, unknown>).available_shipping_options);
  return options.map((option, index) => readOption(option, `${at}[${index}]`));
}

function readVariant(body: unknown): { productId: number; variantId: number } | undefined {
  const [first] = listOf('variant', 'data', isRecord(body) ? body.data : undefined);
  if (first === undefined) return undefined;
  const { id, product_id } = isRecord(first) ? first : {};
  requireField('variant', 'data[0].id', id, Number.isSafeInteger(id));
  requireField('variant', 'data[0].product_id', product_id, Number.isSafeInteger(product_id));
  return { productId: product_id as number, variantId: id as number };
}

function consignmentAddress(address: ShopperAddress) {
  return {
    ...PROBE_SHOPPER,
    city: address.city ?? PROBE_SHOPPER.city,
    state_or_province: address.state ?? '',
    state_or_province_code: address.state ?? '',
    postal_code: address.zip ?? '',
    country_code: nonEmpty('address.country', address.country),
  };
}

class V3CheckoutClient implements CheckoutClient {
  readonly #transport: BigCommerceTransport;
  readonly #api: Client<V3Paths>;

  constructor(options: ShippingClientOptions) {
    this.#transport = new BigCommerceTransport(options, { version: 'v3', scopes: V3_SCOPES });
    this.#api = this.#transport.api<V3Paths>();
  }

  async findVariantBySku(sku: string): Promise<{ productId: number; variantId: number } | undefined> {
    const query = { sku: nonEmpty('sku', sku) };
    const body = await this.#transport.exchange({ method: 'GET', path: '/catalog/variants' }, (signal) =>
      this.#api.GET('/catalog/variants', {
        params: { header: READ_HEADERS, query },
        parseAs: 'text',
        signal,
      }),
    );
    return readVariant(body);
  }

  async createCart(input: { channelId: number; lines: CartLine[] }): Promise<CreatedCart> {
    const body = {
      channel_id: input.channelId,
      line_items: input.lines.map((line) => ({
        product_id: line.productId,
        ...(line.variantId === undefined ? {} : { variant_id: line.variantId }),
        quantity: line.quantity,
      })),
    };
    const created = await this.#transport.exchange({ method: 'POST', path: '/carts' }, (signal) =>
      this.#api.POST('/carts', { params: { header: WRITE_HEADERS }, body, parseAs: 'text', signal }),
    );
    return readCart(created);
  }

  async shippingOptions(
    cartId: string,
    address: ShopperAddress,
    items: CreatedCart['physicalItems'],
  ): Promise<OfferedOption[]> {
    const checkoutId = nonEmpty('cartId', cartId);
    const consignments = [
      {
        address: consignmentAddress(address),
        line_items: items.map((item) => ({ item_id: item.itemId, quantity: item.quantity })),
      },
    ];
    const context = { method: 'POST', path: `/checkouts/${checkoutId}/consignments` };
    const checkout = await this.#transport.exchange(context, (signal) =>
      this.#api.POST('/checkouts/{checkoutId}/consignments', {
        params: {
          header: WRITE_HEADERS,
          path: { checkoutId },
          query: { include: 'consignments.available_shipping_options' },
        },
        body: consignments,
        parseAs: 'text',
        signal,
      }),
    );
    return readShippingOptions(checkout);
  }

  async deleteCart(cartId: string): Promise<void> {
    const id = nonEmpty('cartId', cartId);
    try {
      await this.#transport.exchange({ method: 'DELETE', path: `/carts/${id}` }, (signal) =>
        this.#api.DELETE('/carts/{cartId}', {
          params: { header: READ_HEADERS, path: { cartId: id } },
          parseAs: 'text',
          signal,
        }),
      );
    } catch (error) {
      // Gone already (deleted by an earlier attempt, or expired): what deleting it wanted.
      if (!(error instanceof BigCommerceNotFound)) throw error;
    }
  }
}

export function createCheckoutClient(options: ShippingClientOptions): CheckoutClient {
  return new V3CheckoutClient(options);
}
