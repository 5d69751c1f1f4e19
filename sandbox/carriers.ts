/**
 * The real-time carriers BigCommerce's Shipping V2 API knows, with the connection fields each one requires
 * (REFERENCE.md §1.4). A method of a carrier type can only be created once its carrier is connected.
 */
// Deliberately its own copy of these rules: an independent fake, not a mirror of the code under test.

type ConnectionFieldType = 'string' | 'boolean';

interface CarrierDefinition {
  /** Connection fields that POST/PUT must carry, with the type each must have. */
  requiredFields: Record<string, ConnectionFieldType>;
}

const documentedCarriers: Record<string, CarrierDefinition> = {
  // The property table says `passphrase`, the example `pass_phrase`; the example is what BigCommerce accepts.
  endicia: { requiredFields: { account_id: 'string', pass_phrase: 'string' } },
  fedex: {
    requiredFields: { key: 'string', password: 'string', account_number: 'string', meter_number: 'string' },
  },
  auspost: { requiredFields: { auth_key: 'string', test_mode: 'boolean' } },
  zoom2u: { requiredFields: { auth_key: 'string', test_mode: 'boolean' } },
  royalmail: { requiredFields: {} },
  // Method types whose connection model BigCommerce does not document: accepted with any fields.
  upsready: { requiredFields: {} },
  canadapost: { requiredFields: {} },
  usps: { requiredFields: {} },
  shipperhq: { requiredFields: {} },
};

/** Shipping Provider apps: `carrier_{id}`; "this endpoint is not intended for adding connection settings". */
const providerAppCarrier = /^carrier_[A-Za-z0-9_]+$/;

export function isKnownCarrier(carrierId: string): boolean {
  return Object.hasOwn(documentedCarriers, carrierId) || providerAppCarrier.test(carrierId);
}

const carrierMethodTypes: ReadonlySet<string> = new Set([
  'endicia',
  'fedex',
  'upsready',
  'canadapost',
  'auspost',
  'royalmail',
  'zoom2u',
  'usps',
]);

/** The carrier a method type quotes through (its `carrier_id`), or undefined for the static rate types. */
export function carrierOfMethodType(methodType: string): string | undefined {
  return carrierMethodTypes.has(methodType) || providerAppCarrier.test(methodType) ? methodType : undefined;
}

export interface ConnectionProblems {
  missing: string[];
  wrongType: { field: string; expected: ConnectionFieldType }[];
}

export function checkConnectionFields(
  carrierId: string,
  connection: Record<string, unknown>,
): ConnectionProblems {
  const required = documentedCarriers[carrierId]?.requiredFields ?? {};
  const problems: ConnectionProblems = { missing: [], wrongType: [] };
  for (const [field, expected] of Object.entries(required)) {
    const value = connection[field];
    if (value === undefined || value === null || value === '') problems.missing.push(field);
    else if (typeof value !== expected) problems.wrongType.push({ field, expected });
  }
  return problems;
}

/** Carriers whose method responses in LIST calls come back as `settings: {}` (REFERENCE.md §1.5). */
export const carriersWithEmptyListSettings: ReadonlySet<string> = new Set([
  'royalmail',
  'canadapost',
  'auspost',
]);
