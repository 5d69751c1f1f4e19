/**
 * `bcship quote`: what a shopper at an address is offered right now, each option with its cost, from the
 * store's own checkout (the cart it takes is deleted again). The same request the Probe step makes.
 */

import * as z from 'zod/mini';
import { shopperOffers } from '../lambdas/operations/probe-checkout.ts';
import {
  type CheckoutAddress,
  type CheckoutItem,
  checkoutAddressSchema,
  checkoutItemSchema,
} from '../lambdas/shipping/checkout.ts';
import { parseOptions } from '../lambdas/shipping/profile.ts';
import { localCliDeps } from './local-cli-deps.ts';
import { type CliIO, formatCost, table } from './report.ts';
import { EXIT, UsageError } from './run.ts';

export interface QuoteOptions {
  store?: string;
  to: string;
  item?: string[];
  channel?: string;
  apiUrl?: string;
  secrets?: string;
  home: string;
  json?: boolean;
}

export async function quote(options: QuoteOptions, io: CliIO): Promise<number> {
  const storeHash = (options.store ?? io.env.BC_STORE_HASH ?? '').toLowerCase();
  if (!storeHash) throw new UsageError('--store is required (or set BC_STORE_HASH)');
  const request = {
    name: `quote for ${options.to}`,
    address: addressOf(options.to),
    items: itemsOf(options.item ?? []),
    channel: channelOf(options.channel),
  };
  const client = await localCliDeps(options, io, storeHash).checkout(storeHash);
  const offered = await shopperOffers(client, request);
  if (options.json) {
    io.out(JSON.stringify({ storeHash, ...request, offered }, null, 2));
    return EXIT.ok;
  }
  const rows = offered.map((option) => [option.description, option.type, formatCost(option.cost)]);
  io.out(rows.length > 0 ? table(['option', 'type', 'cost'], rows) : 'No shipping option is offered.');
  return EXIT.ok;
}

/** `US/TX/78701`, `US/TX`, `GB//SW1A 1AA` or `US`, checked as a profile's checkout address is. */
function addressOf(to: string): CheckoutAddress {
  const [country = '', state = '', zip = ''] = to.split('/').map((part) => part.trim());
  const address = {
    country: country.toUpperCase(),
    ...(state ? { state: state.toUpperCase() } : {}),
    ...(zip ? { zip } : {}),
  };
  return checked('--to', to, checkoutAddressSchema(), address);
}

/** `MUG-1` or `MUG-1x3`: a SKU and a quantity, checked as a profile's checkout item is. */
function itemsOf(values: string[]): CheckoutItem[] {
  if (values.length === 0) throw new UsageError('--item is required: a cart needs at least one product SKU');
  return values.map((value) => {
    const match = /^(.+?)(?:x(\d+))?$/.exec(value.trim());
    const item = { sku: match?.[1] ?? '', quantity: Number(match?.[2] ?? 1) };
    return checked('--item', value, checkoutItemSchema(), item);
  });
}

/** The domain's own check of a value built from an option; a problem names the option and the field. */
function checked<T>(option: string, given: string, schema: z.ZodMiniType<T>, value: unknown): T {
  const result = z.safeParse(schema, value, parseOptions);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? `${issue.path.join('.')} ` : '';
  throw new UsageError(`${option}: "${given}": ${field}${issue?.message ?? 'is not valid'}`);
}

function channelOf(value: string | undefined): number {
  const channel = Number(value ?? 1);
  if (!Number.isInteger(channel) || channel < 1) {
    throw new UsageError(`--channel: "${value}" must be a positive integer channel id`);
  }
  return channel;
}
