/**
 * Turns carts into V3 response bodies: `Cart_Full` (carts.v3.yml) and `Checkout` (checkouts.v3.yml). The
 * sandbox simulates no taxes, discounts, coupons or fees, so those are zero or empty, and amounts with and
 * without tax are equal. BigCommerce documents no quirks for these responses, so strict mode changes nothing.
 */
import type { Cart, CartLineItem, Consignment } from './carts.ts';
import { availableShippingOptions, roundToCents, type ShipmentContents } from './shipping-quotes.ts';
import type { StoreState } from './store-state.ts';
import type { Variants } from './variants.ts';

export interface RenderContext {
  storeHash: string;
  state: StoreState;
  variants: Variants;
}

export function renderCart(cart: Cart, context: RenderContext): Record<string, unknown> {
  const amount = subtotal(cart);
  return {
    id: cart.id,
    customer_id: 0,
    channel_id: cart.channelId,
    email: '',
    currency: { code: cart.currencyCode },
    tax_included: false,
    base_amount: amount,
    discount_amount: 0,
    manual_discount_amount: 0,
    cart_amount: amount,
    coupons: [],
    discounts: [],
    line_items: {
      physical_items: cart.lineItems.map((item) => renderPhysicalItem(item, context)),
      digital_items: [],
      gift_certificates: [],
      custom_items: [],
    },
    created_time: cart.createdTime,
    updated_time: cart.updatedTime,
    locale: 'en',
    version: cart.version,
  };
}

export function renderCheckout(
  cart: Cart,
  context: RenderContext,
  includeShippingOptions: boolean,
): Record<string, unknown> {
  const amount = subtotal(cart);
  const { line_items, currency, id, customer_id, channel_id, email, tax_included, base_amount } = renderCart(
    cart,
    context,
  );
  return {
    id: cart.id,
    cart: {
      id,
      customer_id,
      email,
      currency,
      tax_included,
      base_amount,
      channel_id,
      discount_amount: 0,
      cart_amount_inc_tax: amount,
      cart_amount_ex_tax: amount,
      coupons: [],
      discounts: [],
      line_items,
      created_time: cart.createdTime,
      updated_time: cart.updatedTime,
    },
    consignments: cart.consignments.map((consignment) =>
      renderConsignment(cart, consignment, context, includeShippingOptions),
    ),
    taxes: [],
    coupons: [],
    fees: [],
    order_id: null,
    shipping_cost_total_inc_tax: 0,
    shipping_cost_total_ex_tax: 0,
    handling_cost_total_inc_tax: 0,
    handling_cost_total_ex_tax: 0,
    tax_total: 0,
    subtotal_inc_tax: amount,
    subtotal_ex_tax: amount,
    grand_total: amount,
    created_time: cart.createdTime,
    updated_time: cart.updatedTime,
    customer_message: '',
    promotions: [],
    version: cart.version,
  };
}

function renderPhysicalItem(item: CartLineItem, context: RenderContext): Record<string, unknown> {
  const extended = roundToCents(item.listPrice * item.quantity);
  return {
    id: item.id,
    variant_id: item.variantId,
    product_id: item.productId,
    sku: item.sku,
    name: item.name,
    url: `https://${context.storeHash}.sandbox.invalid/products/${item.productId}/`,
    quantity: item.quantity,
    is_taxable: true,
    image_url: `https://${context.storeHash}.sandbox.invalid/images/${item.productId}.png`,
    discounts: [],
    coupons: [],
    discount_amount: 0,
    coupon_amount: 0,
    original_price: item.listPrice,
    list_price: item.listPrice,
    sale_price: item.listPrice,
    extended_list_price: extended,
    extended_sale_price: extended,
    is_require_shipping: true,
    is_mutable: true,
    added_by_promotion: false,
  };
}

/**
 * Shipping options are quoted afresh on every request that includes them, so a change to the store's zones
 * or methods shows at the next read (BigCommerce may cache quotes; a verification re-reads after changes).
 */
function renderConsignment(
  cart: Cart,
  consignment: Consignment,
  context: RenderContext,
  includeShippingOptions: boolean,
): Record<string, unknown> {
  const address = consignment.address;
  const options = includeShippingOptions
    ? {
        available_shipping_options: availableShippingOptions(context.state, {
          destination: {
            countryCode: address.country_code,
            ...optionalString('stateCode', address.state_or_province_code),
            ...optionalString('postalCode', address.postal_code),
          },
          contents: contentsOf(cart, consignment),
          channelId: cart.channelId,
          consignmentId: consignment.id,
          variants: context.variants,
        }),
      }
    : {};
  return {
    id: consignment.id,
    address: { ...structuredClone(address), id: consignment.id },
    ...options,
    coupon_discounts: [],
    discounts: [],
    shipping_cost_inc_tax: 0,
    shipping_cost_ex_tax: 0,
    handling_cost_inc_tax: 0,
    handling_cost_ex_tax: 0,
    line_item_ids: consignment.lineItems.map(({ itemId }) => itemId),
  };
}

function contentsOf(cart: Cart, consignment: Consignment): ShipmentContents {
  const contents: ShipmentContents = { weight: 0, subtotal: 0, quantity: 0 };
  for (const { itemId, quantity } of consignment.lineItems) {
    const line = cart.lineItems.find((candidate) => candidate.id === itemId);
    if (!line) continue;
    contents.weight += line.weight * quantity;
    contents.subtotal += line.listPrice * quantity;
    contents.quantity += quantity;
  }
  // Sums of fractional weights must land exactly on a range bound they reach (0.1 + 0.2 is not 0.3).
  return {
    ...contents,
    weight: Math.round(contents.weight * 1e6) / 1e6,
    subtotal: roundToCents(contents.subtotal),
  };
}

const subtotal = (cart: Cart) =>
  roundToCents(cart.lineItems.reduce((sum, item) => sum + item.listPrice * item.quantity, 0));

function optionalString<Key extends string>(key: Key, value: unknown): Partial<Record<Key, string>> {
  return typeof value === 'string' && value !== '' ? ({ [key]: value } as Record<Key, string>) : {};
}
