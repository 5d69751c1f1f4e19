/**
 * Domain errors. Each class's `name` is part of the state machine contract: Retry and Catch match on it,
 * so renaming one is a breaking change to `lib/onboard-state-machine.ts`. All of these are terminal.
 */
import type { ExpectationOutcome } from './checkout.ts';

/** One problem in a profile or an input, located by its path (`zones[0].methods[1].settings.rate`). */
export interface FieldIssue {
  path: string;
  message: string;
}

const formatIssues = (issues: readonly FieldIssue[]): string =>
  issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');

export class InvalidProfile extends Error {
  override readonly name = 'InvalidProfile';
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], source?: string) {
    super(`Invalid shipping profile${source ? ` ${source}` : ''}: ${formatIssues(issues)}`);
    this.issues = issues;
  }
}

export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(`Invalid input: ${formatIssues(issues)}`);
    this.issues = issues;
  }
}

/** A profile zone selector matched no zone, or more than one. Raised before anything is written. */
export class UnknownZone extends Error {
  override readonly name = 'UnknownZone';
  readonly selector: string;
  constructor(selector: string, detail: string) {
    super(`Zone selector ${selector} ${detail}`);
    this.selector = selector;
  }
}

/**
 * A BigCommerce response whose content cannot be used: a method without an id, a zone of an unknown type.
 * Raised where the response is read (normalization, which does not know the request), so it carries the
 * field at fault instead of a method and path. Terminal: the store would answer the same again. Defined here,
 * not beside the client's errors, so that the domain depends on nothing in the client.
 */
export class BigCommerceUnexpectedResponse extends Error {
  override readonly name = 'BigCommerceUnexpectedResponse';
  /** What was being read, e.g. `shipping method`. */
  readonly subject: string;
  readonly field: string;
  constructor(subject: string, field: string, problem: string) {
    super(`Unusable ${subject} in BigCommerce response: "${field}" ${problem}`);
    this.subject = subject;
    this.field = field;
  }
}

export class VerificationMismatch extends Error {
  override readonly name = 'VerificationMismatch';
  readonly mismatches: unknown[];
  constructor(message: string, mismatches: unknown[]) {
    super(message);
    this.mismatches = mismatches;
  }
}

/** What shoppers are offered at checkout does not meet the profile's checkout expectations. */
export class CheckoutMismatch extends Error {
  override readonly name = 'CheckoutMismatch';
  readonly outcomes: ExpectationOutcome[];
  /** `message` is the probe's report (`probeReport`). */
  constructor(message: string, outcomes: ExpectationOutcome[]) {
    super(message);
    this.outcomes = outcomes;
  }
}

/**
 * The profile's currency or weight unit is not the store's (`unitMismatches`). Raised before anything is
 * written: BigCommerce converts neither, so applying would misprice every method.
 */
export class UnitsMismatch extends Error {
  override readonly name = 'UnitsMismatch';
  /** One line per unit, naming both values, e.g. `units.weight: the profile is in lb but the store weighs in kg (Kilograms)`. */
  readonly mismatches: string[];
  constructor(mismatches: string[]) {
    super(`The profile's units are not the store's: ${mismatches.join('; ')}`);
    this.mismatches = mismatches;
  }
}
