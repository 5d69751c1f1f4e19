/**
 * Where BigCommerce's documentation is silent on a behaviour, the sandbox does not pick one reading silently: each
 * such behaviour is a variant with named choices, a default, and the doc passage that leaves it open. Tests and
 * demos select choices (`variants` in startSandbox, `--variant NAME=CHOICE` on the command line) to check that
 * what they prove holds whichever way BigCommerce really behaves. A new variant is one more entry in the table.
 */

interface VariantDefinition {
  readonly choices: readonly [string, ...string[]];
  readonly default: string;
  /** What each choice does, for the README and error messages. */
  readonly summary: string;
  /** The passage of the docs the question rests on. */
  readonly passage: string;
}

export const variantTable = {
  'range-boundary': {
    choices: ['lower', 'upper'],
    default: 'lower',
    summary:
      'which of two touching ranges prices a value exactly on their shared bound: lower = the range that ends there, upper = the range that starts there',
    passage:
      'shipping.v2.yml createShippingMethod, "Range Object": shipping_cost applies to "orders whose total falls between the lower and upper limits"; the weight and total examples touch (0–20, 20–40)',
  },
  'connection-post': {
    choices: ['reject', 'upsert'],
    default: 'reject',
    summary:
      'a connection POST for a carrier that is already connected: reject = 400 (use PUT), upsert = 204 and the fields given replace the stored ones',
    passage:
      'shipping.v2.yml createCarrierConnection: "returns a 204 for both successful and unsuccessful attempts to connect. If a field is missing, it will return a 400"; nothing says what a second POST does, and there is no GET to tell (REFERENCE.md §1.4, §1.5)',
  },
  'method-put-settings': {
    choices: ['replace', 'merge'],
    default: 'replace',
    summary:
      "a method PUT's settings: replace = they replace the stored settings as a whole, merge = they are merged over the stored ones (objects key by key, arrays and other values replaced)",
    passage:
      'shipping.v2.yml updateShippingMethod: the PUT example is partial ({"settings":{"rate":11},…}) and nothing says whether settings keys it leaves out are kept (REFERENCE.md §1.3)',
  },
  'empty-list': {
    choices: ['json', '204'],
    default: 'json',
    summary:
      "a V2 list (zones, a zone's methods) with nothing in it: json = 200 with [], 204 = 204 with no body",
    passage:
      'shipping.v2.yml documents only 200 with an array for getShippingZones and getShippingZoneMethods, while other V2 collections answer an empty result with 204 (orders.v2 GET /orders/{id}/shipments: "No Content (No shipments exist)"; REFERENCE.md §1.1, Pagination)',
  },
  'zone-free-shipping': {
    choices: ['replace', 'zero'],
    default: 'replace',
    summary:
      "a zone's free shipping when the subtotal reaches its minimum: replace = the zone offers one option, Free Shipping, at 0; zero = every option the zone offers costs 0",
    passage:
      'shipping.v2.yml ShippingZone free_shipping: { enabled, minimum_sub_total, exclude_fixed_shipping_products } with no description of what a shopper is offered once it applies (REFERENCE.md §1.2)',
  },
} as const satisfies Record<string, VariantDefinition>;

type VariantName = keyof typeof variantTable;

/** The choice made for every variant. */
export type Variants = { readonly [Name in VariantName]: (typeof variantTable)[Name]['choices'][number] };

const variantNames = Object.keys(variantTable) as VariantName[];

/**
 * Every variant's choice: the one given, else its default. An unknown name or choice is refused up front, with
 * the names or choices there are, so a misspelt variant never runs silently on its default.
 */
export function resolveVariants(given: Readonly<Record<string, string>> = {}): Variants {
  for (const [name, choice] of Object.entries(given)) {
    if (!Object.hasOwn(variantTable, name)) {
      throw new Error(`Unknown sandbox variant '${name}'; the variants are: ${variantNames.join(', ')}.`);
    }
    const { choices } = variantTable[name as VariantName];
    if (!(choices as readonly string[]).includes(choice)) {
      throw new Error(
        `The sandbox variant '${name}' has no choice '${choice}'; choose ${choices.join(' or ')}.`,
      );
    }
  }
  return Object.fromEntries(
    variantNames.map((name) => [name, given[name] ?? variantTable[name].default]),
  ) as Variants;
}

/** `--variant NAME=CHOICE` values (repeatable) as a map; each name at most once. */
export function parseVariantFlags(flags: readonly string[]): Partial<Variants> {
  const chosen: Record<string, string> = {};
  for (const flag of flags) {
    const [name, choice, ...rest] = flag.split('=');
    if (!name || !choice || rest.length > 0) {
      throw new Error(`--variant takes NAME=CHOICE, e.g. range-boundary=upper; got '${flag}'`);
    }
    if (Object.hasOwn(chosen, name)) throw new Error(`--variant ${name} is given twice`);
    chosen[name] = choice;
  }
  resolveVariants(chosen);
  return chosen as Partial<Variants>;
}
