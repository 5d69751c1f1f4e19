/**
 * `GET /v3/catalog/variants` (product-variants_catalog.v3.yml `getVariants`): how checkout verification turns a
 * profile's SKU into the product and variant ids a cart line takes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultProducts,
  defaultStoreHash,
  defaultStoreToken,
  type SandboxSeed,
} from '../../sandbox/index.ts';
import { parseSeed } from '../../sandbox/seed.ts';
import { catalogVariantsSpecFile, readSpecDocument, SpecValidator } from '../../sandbox/spec-validation.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';
import { rawRequest, storeCaller } from '../support/sandbox-http.ts';

const shirt = {
  id: 120,
  name: 'Sample Shirt',
  sku: 'SHIRT',
  price: 20,
  weight: 0.5,
  variants: [{ id: 121 }, { id: 122, sku: 'SHIRT-XL', price: 22, weight: 0.75 }],
};

const seed: SandboxSeed = {
  stores: [{ hash: defaultStoreHash, token: defaultStoreToken, products: [...defaultProducts, shirt] }],
};

const { sandbox } = useSandbox({ strict: true, seed });

const v3 = (method: string, path: string, body?: unknown) =>
  storeCaller(`${sandbox().url}/stores/${defaultStoreHash}/v3`, defaultStoreToken)(method, path, body);

interface VariantsBody {
  data: Record<string, unknown>[];
  meta: { pagination: Record<string, unknown> };
}

const variants = async (query: string) => {
  const answer = await v3('GET', `/catalog/variants${query}`);
  expect(answer.status).toBe(200);
  return answer.json as VariantsBody;
};

describe('GET /catalog/variants', () => {
  it('finds a product’s base variant by its SKU: the product’s own id, price and weight', async () => {
    const found = await variants('?sku=SAMPLE-MUG');
    expect(found.data).toEqual([
      expect.objectContaining({ id: 111, product_id: 111, sku: 'SAMPLE-MUG', price: 12, weight: 1 }),
    ]);
    expect(found.meta.pagination).toEqual({
      total: 1,
      count: 1,
      per_page: 50,
      current_page: 1,
      total_pages: 1,
      links: { current: '?sku=SAMPLE-MUG&page=1&limit=50' },
    });
  });

  it('finds a variant by its SKU, or by the SKU it gets from its product’s, with its own price and weight', async () => {
    expect((await variants('?sku=SHIRT-XL')).data).toEqual([
      expect.objectContaining({ id: 122, product_id: 120, sku: 'SHIRT-XL', price: 22, weight: 0.75 }),
    ]);
    expect((await variants('?sku=SHIRT-121')).data).toEqual([
      expect.objectContaining({ id: 121, product_id: 120, sku: 'SHIRT-121', price: 20, weight: 0.5 }),
    ]);
  });

  it('matches the SKU exactly: no variant has it, an empty list', async () => {
    for (const sku of ['NOPE', 'sample-mug', 'SAMPLE', 'SHIRT']) {
      const found = await variants(`?sku=${sku}`);
      expect(found.data, sku).toEqual([]);
      expect(found.meta.pagination).toMatchObject({ total: 0, count: 0, total_pages: 0 });
    }
  });

  it('lists every variant by id, a page at a time, with links to the pages beside', async () => {
    expect((await variants('')).data.map((variant) => variant.id)).toEqual([111, 112, 121, 122]);
    const second = await variants('?limit=2&page=2');
    expect(second.data.map((variant) => variant.id)).toEqual([121, 122]);
    expect(second.meta.pagination).toMatchObject({
      total: 4,
      count: 2,
      per_page: 2,
      current_page: 2,
      total_pages: 2,
      links: { previous: '?page=1&limit=2', current: '?page=2&limit=2' },
    });
  });

  it('filters by id and product_id:in, and keeps only the fields asked for', async () => {
    expect((await variants('?id=112')).data.map((variant) => variant.sku)).toEqual(['SAMPLE-LAMP']);
    expect((await variants('?product_id:in=120,111')).data.map((variant) => variant.id)).toEqual([
      111, 121, 122,
    ]);
    expect((await variants('?sku=SAMPLE-MUG&include_fields=sku')).data).toEqual([
      { id: 111, sku: 'SAMPLE-MUG' },
    ]);
    expect((await variants('?sku=SAMPLE-MUG&exclude_fields=id,price')).data[0]).toMatchObject({ id: 111 });
    expect((await variants('?sku=SAMPLE-MUG&exclude_fields=id,price')).data[0]).not.toHaveProperty('price');
  });

  it('refuses a query parameter the spec types otherwise with a V3 400 that names it', async () => {
    const refused = await v3('GET', '/catalog/variants?id=abc');
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ status: 400, errors: { 'query.id': expect.any(String) } });
    const badPage = await v3('GET', '/catalog/variants?page=0');
    expect(badPage.status).toBe(400);
    expect(badPage.json).toMatchObject({ errors: { 'query.page': expect.any(String) } });
  });

  it('requires the Accept header the spec requires, and refuses one that excludes JSON', async () => {
    const url = `${sandbox().url}/stores/${defaultStoreHash}/v3/catalog/variants?sku=SAMPLE-MUG`;
    const bare = await rawRequest(url, { headers: { 'X-Auth-Token': defaultStoreToken } });
    expect(bare.status).toBe(400);
    expect(bare.json).toMatchObject({ errors: { 'header.Accept': 'is required' } });
    const xml = await rawRequest(url, {
      headers: { 'X-Auth-Token': defaultStoreToken, Accept: 'application/xml' },
    });
    expect(xml.status).toBe(406);
  });

  it('answers the other operations of the variants spec with 501 and their operationId', async () => {
    const unsimulated = await v3('GET', '/catalog/products/111/variants');
    expect(unsimulated.status).toBe(501);
    expect(unsimulated.json).toMatchObject({ title: expect.stringContaining('getProductVariants') });
    const batch = await v3('PUT', '/catalog/variants', [{ id: 111, price: 13 }]);
    expect(batch.status).toBe(501);
    expect(batch.json).toMatchObject({ title: expect.stringContaining('updateVariantsBatch') });
    expect((await v3('GET', '/catalog/products')).status).toBe(404);
  });

  describe('in strict mode, matches the spec', () => {
    let validator: SpecValidator;
    beforeAll(async () => {
      validator = await SpecValidator.create(readSpecDocument(catalogVariantsSpecFile));
    });

    it('with variants and with none', async () => {
      expect(validator.validateResponse('getVariants', 200, await variants(''))).toEqual([]);
      expect(validator.validateResponse('getVariants', 200, await variants('?sku=NOPE'))).toEqual([]);
    });

    it('the check has teeth: a price given as a string does not match', async () => {
      const found = await variants('?sku=SAMPLE-MUG');
      Object.assign(found.data[0] ?? {}, { price: '12' });
      expect(validator.validateResponse('getVariants', 200, found)).not.toEqual([]);
    });
  });
});

describe('the catalog seed', () => {
  it('refuses a SKU another product or variant has, naming the second', () => {
    const withSku = (sku: string) => ({
      stores: [
        {
          hash: 'a',
          token: 't',
          products: [
            { id: 1, name: 'One', sku: 'DUP', price: 1, weight: 1 },
            { id: 2, name: 'Two', price: 1, weight: 1, variants: [{ id: 3, sku }] },
          ],
        },
      ],
    });
    expect(() => parseSeed(withSku('DUP'))).toThrow(
      /stores\[0\]\.products\[1\]\.variants\[0\]\.sku: SKU DUP duplicates another/,
    );
    expect(() => parseSeed(withSku('UNIQUE'))).not.toThrow();
  });
});
