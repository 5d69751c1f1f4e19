/**
 * Assignment rules: which deployed profile a new store gets, from what the store says about itself
 * (`GET /v2/store`). The first rule whose every condition holds wins; no rule matching means the default.
 * Deployed as `profiles/assignments.yaml` and checked at synthesis against the deployed profiles, so a rule
 * can never name a profile that is not there.
 *
 * ```yaml
 * default: us-standard
 * rules:
 *   - profile: flat-rate
 *     when: { country: [CA, MX], currency: CAD, weightUnit: kg, plan: Plus, domain: "*.example.com" }
 * ```
 */
import * as z from 'zod/mini';
import type { FieldIssue } from './errors.ts';
import { WEIGHT_UNITS, weightUnitOf } from './units.ts';
import { formatPath } from './values.ts';

/** The file, in the profiles folder, that holds the rules (never read as a profile). */
export const ASSIGNMENTS_FILE = 'assignments.yaml';

const PROFILE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const profileName = z
  .string()
  .check(z.regex(PROFILE_NAME, 'must be a profile name (a slug like us-standard)'));

/** One value or any of several: `country: US` or `country: [US, CA]`. */
const oneOrMany = <T extends z.ZodMiniType>(item: T) =>
  z.optional(
    z.pipe(
      z.union([item, z.array(item).check(z.minLength(1))]),
      z.transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]),
    ),
  );

const matching = (pattern: RegExp, message: string) => z.string().check(z.regex(pattern, message));

const ConditionsSchema = z
  .strictObject({
    country: oneOrMany(matching(/^[A-Za-z]{2}$/, 'must be a two-letter ISO country code')),
    currency: oneOrMany(matching(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code')),
    weightUnit: oneOrMany(z.enum(WEIGHT_UNITS)),
    /** `plan_name` or `plan_level`, e.g. `Standard`, `Plus`, `Pro`, `Enterprise`. */
    plan: oneOrMany(z.string().check(z.minLength(1), z.maxLength(100))),
    /** A pattern over the store's `domain`: `*` stands for any characters. */
    domain: oneOrMany(z.string().check(z.minLength(1), z.maxLength(253))),
  })
  .check(
    z.refine(
      (conditions) => Object.values(conditions).some((value) => value !== undefined),
      'must state at least one condition',
    ),
  );

const RuleSchema = z.strictObject({ profile: profileName, when: ConditionsSchema });

const AssignmentRulesSchema = z.strictObject({
  default: profileName,
  rules: z._default(z.array(RuleSchema).check(z.maxLength(200)), []),
});
export type AssignmentRules = z.output<typeof AssignmentRulesSchema>;
type Conditions = z.output<typeof ConditionsSchema>;

/** The facts of `GET /v2/store` the rules read; every field may be missing from a store's answer. */
export interface StoreFacts {
  country_code?: unknown;
  currency?: unknown;
  weight_units?: unknown;
  plan_name?: unknown;
  plan_level?: unknown;
  domain?: unknown;
}

export interface Assignment {
  profile: string;
  /** Why: the rule that matched and the facts it matched on, or that none did. */
  reason: string;
  /** 1-based, as a reader counts rules; absent for the default. */
  rule?: number;
}

/** Rules that do not parse or name a profile that is not deployed. Terminal, like an invalid profile. */
export class InvalidAssignments extends Error {
  override readonly name = 'InvalidAssignments';
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], source: string) {
    super(`Invalid assignment rules ${source}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** Validates the rules and that each profile they name is one of `profileNames`. */
export function parseAssignmentRules(
  value: unknown,
  profileNames: readonly string[],
  source = ASSIGNMENTS_FILE,
): AssignmentRules {
  const parsed = z.safeParse(AssignmentRulesSchema, value);
  if (!parsed.success) {
    throw new InvalidAssignments(
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
      source,
    );
  }
  const unknown = [
    { path: 'default', profile: parsed.data.default },
    ...parsed.data.rules.map((rule, index) => ({ path: `rules[${index}].profile`, profile: rule.profile })),
  ].filter(({ profile }) => !profileNames.includes(profile));
  if (unknown.length > 0) {
    const known = profileNames.length > 0 ? profileNames.join(', ') : '(none)';
    throw new InvalidAssignments(
      unknown.map(({ path, profile }) => ({
        path,
        message: `no profile named "${profile}"; known profiles: ${known}`,
      })),
      source,
    );
  }
  return parsed.data;
}

/** The profile the rules give a store, and why. */
export function assignProfile(rules: AssignmentRules, facts: StoreFacts): Assignment {
  for (const [index, rule] of rules.rules.entries()) {
    const matched = matchedConditions(rule.when, facts);
    if (matched) {
      return { profile: rule.profile, rule: index + 1, reason: `rule ${index + 1} matched: ${matched}` };
    }
  }
  return { profile: rules.default, reason: `no rule matched (${describeFacts(facts)}): the default` };
}

/** The conditions described with the store's values when all of them hold; undefined when one does not. */
function matchedConditions(when: Conditions, facts: StoreFacts): string | undefined {
  const checks: [keyof Conditions, string | undefined, (wanted: string, actual: string) => boolean][] = [
    ['country', text(facts.country_code), sameText],
    ['currency', text(facts.currency), sameText],
    ['weightUnit', weightUnitOfFacts(facts), sameText],
    [
      'plan',
      [text(facts.plan_name), text(facts.plan_level)].filter(Boolean).join(' / ') || undefined,
      planIs,
    ],
    ['domain', text(facts.domain), domainMatches],
  ];
  const described: string[] = [];
  for (const [condition, actual, matches] of checks) {
    const wanted = when[condition];
    if (wanted === undefined) continue;
    if (actual === undefined || !wanted.some((value) => matches(value, actual))) return undefined;
    described.push(`${condition} ${actual}`);
  }
  return described.join(', ');
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const weightUnitOfFacts = (facts: StoreFacts): string | undefined => {
  const units = text(facts.weight_units);
  return units === undefined ? undefined : weightUnitOf(units);
};

const sameText = (wanted: string, actual: string): boolean => wanted.toLowerCase() === actual.toLowerCase();

/** `actual` is `plan_name / plan_level`: either may be the one a rule names. */
const planIs = (wanted: string, actual: string): boolean =>
  actual.split(' / ').some((plan) => sameText(wanted, plan));

/** A `*` pattern over the whole domain, case-insensitively; every other character stands for itself. */
const domainMatches = (pattern: string, domain: string): boolean => {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(domain);
};

function describeFacts(facts: StoreFacts): string {
  const parts = [
    `country ${text(facts.country_code) ?? '?'}`,
    `currency ${text(facts.currency) ?? '?'}`,
    `weightUnit ${weightUnitOfFacts(facts) ?? text(facts.weight_units) ?? '?'}`,
    `plan ${text(facts.plan_name) ?? text(facts.plan_level) ?? '?'}`,
    `domain ${text(facts.domain) ?? '?'}`,
  ];
  return parts.join(', ');
}
