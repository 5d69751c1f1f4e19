/**
 * Probe: asks BigCommerce's server-to-server checkout what a shopper at each expectation's address is offered,
 * and compares it with the profile's `checkout` expectations (from the run's `resolved` artifact). Verify compares settings; this is the proof that
 * they price what the profile says, carrier connections included (BigCommerce cannot read those back).
 *
 * Each expectation gets a cart of its items, a consignment to its address, and the options read back; the
 * cart is always deleted. A cart is recorded as soon as it exists, so one left behind by a run that died
 * mid-probe is deleted by the store's next probe. In mode apply a mismatch fails the run (and rolls it back
 * when asked); in mode verify it is drift, reported by Record.
 */
import type { CartLine, CheckoutClient } from '../bigcommerce/checkout-client.ts';
import { BigCommerceNotFound } from '../bigcommerce/errors.ts';
import type { Deps, JournalPort, UndoEntry } from '../platform/ports.ts';
import {
  type CheckoutExpectation,
  type CheckoutItem,
  checkExpectation,
  type ExpectationOutcome,
  type OfferedOption,
  probeReport,
} from '../shipping/checkout.ts';
import { CheckoutMismatch, InvalidProfile } from '../shipping/errors.ts';
import type { ProbeResult, RunState, TaskInput } from '../workflow-contract.ts';
import { RunStateTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { readResolvedRun } from './run-artifacts.ts';

/**
 * The journal key probe carts are recorded under, per store: not an execution's, so the next probe of the
 * store finds what an earlier one left behind, whichever execution that was.
 */
export const PROBE_CARTS_JOURNAL = 'checkout-probe-carts';

async function run(input: TaskInput<RunState>, deps: Deps): Promise<ProbeResult> {
  const { storeHash, mode, profileName } = input.state;
  const { checkout } = await readResolvedRun(deps.artifacts, input.executionId);
  const client = await deps.checkout(storeHash);
  const carts = probeCarts(deps.journal, storeHash, client);
  await carts.deleteLeftovers();
  const outcomes: ExpectationOutcome[] = [];
  for (const expectation of checkout) outcomes.push(await probe(client, carts, expectation));
  const result = { ok: outcomes.every((outcome) => outcome.ok), outcomes };
  if (!result.ok && mode === 'apply') {
    throw new CheckoutMismatch(probeReport(storeHash, profileName, outcomes), outcomes);
  }
  return result;
}

async function probe(
  client: CheckoutClient,
  carts: ProbeCarts,
  expectation: CheckoutExpectation,
): Promise<ExpectationOutcome> {
  return checkExpectation(expectation, await shopperOffers(client, expectation, carts));
}

/** Where a shopper is, what is in their cart, on which channel; `name` labels errors. */
export type ShopperRequest = Pick<CheckoutExpectation, 'name' | 'address' | 'items' | 'channel'>;

/** Deletes carts as soon as they are done with; a probe also records them (see probeCarts). */
interface CartKeeper {
  created(cartId: string): Promise<void>;
  delete(cartId: string): Promise<void>;
}

/**
 * What a shopper is offered right now: a cart of the items, a consignment to the address, the options read
 * back, and the cart deleted again whatever happened.
 */
export async function shopperOffers(
  client: CheckoutClient,
  request: ShopperRequest,
  carts: CartKeeper = { created: async () => {}, delete: (cartId) => client.deleteCart(cartId) },
): Promise<OfferedOption[]> {
  const lines = await cartLines(client, request);
  for (let attempt = 1; ; attempt++) {
    try {
      return await offersInNewCart(client, request, lines, carts);
    } catch (error) {
      // Another probe of the store (a verify takes no lease) may have deleted this cart as a leftover of a
      // run that died: a new cart is the answer, once.
      if (!(error instanceof BigCommerceNotFound) || attempt > 1) throw error;
    }
  }
}

async function offersInNewCart(
  client: CheckoutClient,
  request: ShopperRequest,
  lines: CartLine[],
  carts: CartKeeper,
): Promise<OfferedOption[]> {
  const cart = await client.createCart({ channelId: request.channel, lines });
  await carts.created(cart.cartId);
  let offered: OfferedOption[];
  try {
    offered = await client.shippingOptions(cart.cartId, request.address, cart.physicalItems);
  } catch (error) {
    // The cart stays recorded when it cannot be deleted now; the probe's own error is the one that counts.
    await carts.delete(cart.cartId).catch(() => {});
    throw error;
  }
  await carts.delete(cart.cartId);
  return offered;
}

/** The request's items as cart lines, each SKU looked up in the catalog. */
async function cartLines(client: CheckoutClient, request: ShopperRequest): Promise<CartLine[]> {
  return Promise.all(
    request.items.map(async (item: CheckoutItem, index): Promise<CartLine> => {
      if (!('sku' in item)) return item;
      const variant = await client.findVariantBySku(item.sku);
      if (!variant) {
        const path = `checkout[${request.name}].items[${index}].sku`;
        throw new InvalidProfile([
          { path, message: `no product variant of the store has SKU "${item.sku}"` },
        ]);
      }
      return { ...variant, quantity: item.quantity };
    }),
  );
}

interface ProbeCarts extends CartKeeper {
  deleteLeftovers(): Promise<void>;
}

/** Carts as the journal records them: created, then deleted; a cart created and not deleted is left over. */
function probeCarts(journal: JournalPort, storeHash: string, client: CheckoutClient): ProbeCarts {
  const record = (entry: UndoEntry) => journal.append(storeHash, PROBE_CARTS_JOURNAL, [entry]);
  const remove = async (cartId: string) => {
    await client.deleteCart(cartId);
    await record({ kind: 'cart-deleted', cartId });
  };
  return {
    created: (cartId) => record({ kind: 'delete-cart', cartId }),
    delete: remove,
    async deleteLeftovers() {
      const entries = (await journal.read(storeHash, PROBE_CARTS_JOURNAL)).map((record) => record.entry);
      const deleted = new Set(entries.flatMap((e) => (e.kind === 'cart-deleted' ? [e.cartId] : [])));
      for (const entry of entries) {
        if (entry.kind === 'delete-cart' && !deleted.has(entry.cartId)) await remove(entry.cartId);
      }
    },
  };
}

export const probeCheckout = defineOperation({
  name: 'probe-checkout',
  input: RunStateTaskInputSchema,
  // A cart, a consignment and a delete per expectation, at the store's pace.
  timeoutSeconds: 300,
  uses: {
    storeSecrets: true,
    bigcommerce: true,
    checkout: true,
    registry: 'read-write',
    artifacts: 'read',
  },
  run,
  report: ({ ok, outcomes }) => ({
    counts: { CheckoutExpectationsFailed: outcomes.filter((outcome) => !outcome.ok).length },
    summary: { ok, expectations: outcomes.length },
  }),
});
