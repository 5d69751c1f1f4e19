// TEMPORARY STUB (replaced at merge by the client branch's implementation).
import type { OfferedOption } from '../shipping/checkout.ts';
import type { ShippingClientOptions } from './client.ts';
export interface ShopperAddress {
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
export interface CreatedCart {
  cartId: string;
  physicalItems: { itemId: string; quantity: number }[];
}
export interface CheckoutClient {
  findVariantBySku(sku: string): Promise<{ productId: number; variantId: number } | undefined>;
  createCart(input: { channelId: number; lines: CartLine[] }): Promise<CreatedCart>;
  shippingOptions(
    cartId: string,
    address: ShopperAddress,
    items: CreatedCart['physicalItems'],
  ): Promise<OfferedOption[]>;
  deleteCart(cartId: string): Promise<void>;
}
export function createCheckoutClient(options: ShippingClientOptions): CheckoutClient {
  throw new Error(`stub ${options.storeHash}`);
}
