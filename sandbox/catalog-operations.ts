/**
 * The catalog operation checkout verification uses: `GET /catalog/variants` (product-variants_catalog.v3.yml
 * `getVariants`), which turns a profile's SKU into the product and variant ids a cart line takes.
 */
import type { CatalogItem } from './catalog.ts';
import type { V3Operation } from './checkout-operations.ts';
import { V3Error } from './v3-errors.ts';

/** BigCommerce's page size when `limit` is not given (pagination_Full's `per_page` example). */
const defaultLimit = 50;

const pagingParameters = ['page', 'limit'];

export const catalogOperations: Record<string, V3Operation> = {
  getVariants: ({ catalog, query }) => {
    const matching = catalog.variants().filter(filterOf(query));
    const page = positiveParameter(query, 'page', 1);
    const limit = positiveParameter(query, 'limit', defaultLimit);
    const onPage = matching.slice((page - 1) * limit, page * limit);
    return {
      status: 200,
      body: {
        data: onPage.map((item) => project(renderVariant(item), query)),
        meta: {
          pagination: pagination(query, { total: matching.length, count: onPage.length, page, limit }),
        },
      },
    };
  },
};

/** The query's filters, all of which a variant must pass: `id`, `sku` (exact), `upc`, `product_id:in`. */
function filterOf(query: URLSearchParams): (item: CatalogItem) => boolean {
  const id = query.get('id');
  const sku = query.get('sku');
  const upc = query.get('upc');
  const productIds = query.get('product_id:in')?.split(',').map(Number);
  return (item) =>
    (id === null || item.variantId === Number(id)) &&
    (sku === null || item.sku === sku) &&
    // The sandbox's variants have no UPC.
    (upc === null || upc === '') &&
    (productIds === undefined || productIds.includes(item.productId));
}

/** The spec types `page` and `limit` as integers and says no more; the sandbox refuses anything below 1. */
function positiveParameter(query: URLSearchParams, name: string, fallback: number): number {
  const given = query.get(name);
  if (given === null) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 1) {
    throw new V3Error(400, 'Input is invalid', { [`query.${name}`]: 'must be a whole number of at least 1' });
  }
  return value;
}

/**
 * A variant in the spec's types. Fields the spec types `number` with `x-nullable` (which JSON Schema does not
 * read as nullable) are left out rather than sent as null: cost, sale and retail prices, dimensions, a fixed
 * shipping price. `price` and `weight` are the ones that apply: the variant's own, else its product's.
 */
function renderVariant(item: CatalogItem): Record<string, unknown> {
  return {
    id: item.variantId,
    product_id: item.productId,
    sku: item.sku,
    price: item.price,
    calculated_price: item.price,
    weight: item.weight,
    is_free_shipping: false,
    purchasing_disabled: false,
    purchasing_disabled_message: '',
    upc: '',
    inventory_level: 0,
    inventory_warning_level: 0,
    bin_picking_number: '',
    // The sandbox models no options: a base variant has none, and other variants name none.
    option_values: [],
  };
}

/** `include_fields` keeps `id` and the fields listed; `exclude_fields` drops those listed, never `id`. */
function project(variant: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const listed = (name: string) => query.get(name)?.split(',');
  const included = listed('include_fields');
  const excluded = listed('exclude_fields') ?? [];
  return Object.fromEntries(
    Object.entries(variant).filter(
      ([field]) => field === 'id' || ((included?.includes(field) ?? true) && !excluded.includes(field)),
    ),
  );
}

interface PageCounts {
  total: number;
  count: number;
  page: number;
  limit: number;
}

/** `meta.pagination` (metaCollection_Full), with links that keep the request's filters. */
function pagination(query: URLSearchParams, { total, count, page, limit }: PageCounts) {
  const totalPages = Math.ceil(total / limit);
  const filters = [...query].filter(([name]) => !pagingParameters.includes(name));
  const link = (linkedPage: number) =>
    `?${new URLSearchParams([...filters, ['page', String(linkedPage)], ['limit', String(limit)]])}`;
  return {
    total,
    count,
    per_page: limit,
    current_page: page,
    total_pages: totalPages,
    links: {
      ...(page > 1 ? { previous: link(page - 1) } : {}),
      current: link(page),
      ...(page < totalPages ? { next: link(page + 1) } : {}),
    },
  };
}
