// TEMPORARY STUB (replaced at merge by the domain branch's implementation).
export interface CheckoutAddress {
  country: string;
  state?: string;
  zip?: string;
  city?: string;
}
export type CheckoutItem =
  | { sku: string; quantity: number }
  | { productId: number; variantId?: number; quantity: number };
export type ExpectedCost = number | { min: number; max: number };
export interface OptionExpectation {
  method: string;
  cost?: ExpectedCost;
  quoted?: boolean;
}
export interface CheckoutExpectation {
  name: string;
  address: CheckoutAddress;
  items: CheckoutItem[];
  channel: number;
  expect: OptionExpectation[];
  absent: string[];
}
export interface OfferedOption {
  description: string;
  type: string;
  cost: number;
  transitTime?: string;
}
export interface ExpectationOutcome {
  name: string;
  ok: boolean;
  offered: OfferedOption[];
  problems: string[];
}
export function checkExpectation(
  expectation: CheckoutExpectation,
  offered: OfferedOption[],
): ExpectationOutcome {
  return { name: expectation.name, ok: offered.length >= 0, offered, problems: [] };
}
export function probeReport(storeHash: string, profileName: string, outcomes: ExpectationOutcome[]): string {
  return `Store ${storeHash} ${profileName} ${outcomes.length}`;
}
export class CheckoutMismatch extends Error {
  override readonly name = 'CheckoutMismatch';
  readonly outcomes: ExpectationOutcome[];
  constructor(message: string, outcomes: ExpectationOutcome[]) {
    super(message);
    this.outcomes = outcomes;
  }
}
