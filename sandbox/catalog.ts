/**
 * The catalog products a store's carts can hold. Carts need real physical products with a weight and a price,
 * because that is what shipping is quoted on (REFERENCE.md §5). Weights are in the store's weight units and
 * prices in its currency, the units its shipping ranges use.
 */
import { z } from 'zod';

const idSchema = z.number().int().positive();

const variantSchema = z.strictObject({
  id: idSchema,
  sku: z.string().min(1).optional(),
  /** The product's price unless given. */
  price: z.number().nonnegative().optional(),
  /** The product's weight unless given. */
  weight: z.number().nonnegative().optional(),
});

const productSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  sku: z.string().min(1).optional(),
  price: z.number().nonnegative(),
  weight: z.number().nonnegative(),
  /** A product with variants can only be added to a cart with one of their ids. */
  variants: z.array(variantSchema).min(1).optional(),
});

export const productsSchema = z.array(productSchema).superRefine((products, context) => {
  const seen = new Set<number>();
  const skus = new Set<string>();
  products.forEach((product, index) => {
    if (seen.has(product.id)) {
      context.addIssue({ code: 'custom', path: [index, 'id'], message: 'duplicates another product' });
    }
    seen.add(product.id);
    // BigCommerce keeps SKUs unique across the catalog, so a SKU names one variant (`GET /catalog/variants?sku=`).
    itemsOf(product).forEach((item, variantIndex) => {
      if (skus.has(item.sku)) {
        const path = item.isBaseVariant ? [index, 'sku'] : [index, 'variants', variantIndex, 'sku'];
        context.addIssue({ code: 'custom', path, message: `SKU ${item.sku} duplicates another` });
      }
      skus.add(item.sku);
    });
  });
});

export type ProductSeed = z.input<typeof productSchema>;

export const defaultProducts: ProductSeed[] = [
  { id: 111, name: 'Sample Mug', sku: 'SAMPLE-MUG', price: 12, weight: 1 },
  { id: 112, name: 'Sample Lamp', sku: 'SAMPLE-LAMP', price: 60, weight: 4.5 },
];

/** One purchasable product or variant: what a cart line needs, and what `GET /catalog/variants` lists. */
export interface CatalogItem {
  productId: number;
  /** BigCommerce gives every product a base variant; a product without variants reports its own id here. */
  variantId: number;
  /** Whether this is a product's base variant (the product has no variants of its own). */
  isBaseVariant: boolean;
  name: string;
  sku: string;
  price: number;
  weight: number;
}

export type CatalogLookup =
  | { kind: 'found'; item: CatalogItem }
  | { kind: 'unknown-product' }
  | { kind: 'variant-required' }
  | { kind: 'unknown-variant' };

export class Catalog {
  readonly #products: Map<number, ProductSeed>;

  constructor(products: readonly ProductSeed[]) {
    this.#products = new Map(products.map((product) => [product.id, structuredClone(product)]));
  }

  lookup(productId: number, variantId: number | undefined): CatalogLookup {
    const product = this.#products.get(productId);
    if (!product) return { kind: 'unknown-product' };
    const items = itemsOf(product);
    if (!product.variants) {
      if (variantId !== undefined && variantId !== productId) return { kind: 'unknown-variant' };
      return { kind: 'found', item: items[0] as CatalogItem };
    }
    if (variantId === undefined) return { kind: 'variant-required' };
    const item = items.find((candidate) => candidate.variantId === variantId);
    return item ? { kind: 'found', item } : { kind: 'unknown-variant' };
  }

  /** Every variant in the catalog, by variant id. */
  variants(): CatalogItem[] {
    return [...this.#products.values()].flatMap(itemsOf).sort((a, b) => a.variantId - b.variantId);
  }
}

/**
 * A product's variants, each with the product's price and weight unless it has its own. A variant without a
 * SKU gets `<product SKU>-<variant id>`; a product without one, `SKU-<product id>`.
 */
function itemsOf(product: ProductSeed): CatalogItem[] {
  const base = {
    productId: product.id,
    name: product.name,
    sku: product.sku ?? `SKU-${product.id}`,
    price: product.price,
    weight: product.weight,
  };
  if (!product.variants) return [{ ...base, variantId: product.id, isBaseVariant: true }];
  return product.variants.map((variant) => ({
    ...base,
    variantId: variant.id,
    isBaseVariant: false,
    sku: variant.sku ?? `${base.sku}-${variant.id}`,
    price: variant.price ?? product.price,
    weight: variant.weight ?? product.weight,
  }));
}
