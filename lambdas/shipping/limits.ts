/**
 * Bounds on the values a profile may send a store. Each rejects what no store would want live (a rate of 1e308,
 * a 10,000-character name, a name carrying an ANSI escape or a right-to-left override) with the field's path.
 */
import * as z from 'zod/mini';

/**
 * Builds a schema when first used, then keeps it. Building a profile's schemas takes milliseconds that every
 * function importing the shipping domain (for its types and helpers) would pay at cold start, and most of them
 * never parse a profile.
 */
export const lazily = <T>(build: () => T): (() => T) => {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
};

/**
 * BigCommerce stores money (rates, costs, surcharges, range limits) as DECIMAL(20,4): 16 digits before the
 * point, so every amount must be below 10^16. More than 4 decimals are allowed: BigCommerce rounds them, and
 * equality is judged at 4 decimals (values.ts).
 */
const MAX_AMOUNT = 1e16;

/**
 * The Shipping V2 spec sets no maxLength on a method's or a zone's name, and BigCommerce documents none. 100 is
 * bcship's bound: far above any name a checkout shows a shopper, far below a pasted document.
 */
const MAX_NAME_LENGTH = 100;

/** C0 controls, DEL and C1 controls: a NUL or an ANSI escape in a name is never meant. */
const isControl = (code: number): boolean => code <= 0x1f || (code >= 0x7f && code <= 0x9f);
/** Bidirectional embeddings, overrides and isolates: they make a name read differently from what it holds. */
const isBidi = (code: number): boolean =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

const codePoint = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

const firstOf = (
  text: string,
  test: (code: number) => boolean,
): { code: number; index: number } | undefined => {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (test(code)) return { code, index };
  }
  return undefined;
};

const checkText = (text: string, ctx: z.core.$RefinementCtx<string>) => {
  const control = firstOf(text, isControl);
  if (control) {
    ctx.addIssue({
      code: 'custom',
      message: `must not contain control characters (${codePoint(control.code)} at position ${control.index})`,
    });
  }
  const bidi = firstOf(text, isBidi);
  if (bidi) {
    ctx.addIssue({
      code: 'custom',
      message: `must not contain bidirectional override or isolate characters (${codePoint(bidi.code)} at position ${bidi.index})`,
    });
  }
};

/** A non-negative amount a store can hold. Non-finite numbers are refused by `z.number()` itself. */
export const amount = z
  .number()
  .check(
    z.nonnegative(),
    z.lt(MAX_AMOUNT, { error: 'must be < 10^16 (BigCommerce holds amounts as DECIMAL(20,4))' }),
  );

export const PERCENTAGE_PROBLEM = 'must be <= 100 (a percentage)';

/** A percentage: 0 to 100. */
export const percentage = z.number().check(z.nonnegative(), z.maximum(100, { error: PERCENTAGE_PROBLEM }));

/** Free text bound by the name length, without control or bidi characters (a description). */
export const boundedText = z.string().check(z.maxLength(MAX_NAME_LENGTH), z.superRefine(checkText));

/** A name or label: trimmed, not empty, at most 100 characters, without control or bidi characters. */
export const label = z
  .string()
  .check(z.trim(), z.minLength(1), z.maxLength(MAX_NAME_LENGTH), z.superRefine(checkText));

/** A BigCommerce id (channel, product, variant, zone, method): a whole number from 1. */
export const positiveId = z.int().check(z.positive());
