/**
 * Deterministic fault injection: the same seed and the same sequence of requests give the same faults, so a
 * test of retries can say "the next 2 POSTs to .../methods get 503" or replay a random run exactly.
 */
import { z } from 'zod';

const faultKinds = ['400', '404', '422', '429', '500', '502', '503', 'timeout', 'reset', 'lost'] as const;

/**
 * - `400` / `404` / `422`: terminal answers: that status with a V2 error body; nothing is changed, and a client
 *   must not retry them.
 * - `429`: rate limited without the X-Rate-Limit-* headers (the platform under load).
 * - `500` / `502` / `503`: that status with a V2 error body; nothing is changed.
 * - `timeout`: no response at all; the socket stays open until the client gives up or the sandbox closes.
 * - `reset`: the socket is destroyed; nothing is changed.
 * - `lost`: writes only. The change is made, then the response is lost: a 502 or a socket reset.
 */
export type FaultKind = (typeof faultKinds)[number];

interface FaultRule {
  kind: FaultKind;
  /** Chance per matching request, 0..1. Defaults to 1 when `times` is set. */
  probability?: number;
  /** Fire at most this many times, then never again. */
  times?: number;
  /** Let this many matching requests pass before the rule may fire: `after: 2, times: 1` is the third. */
  after?: number;
  /** HTTP methods the rule applies to (default: all). */
  methods?: string[];
  /** Applies only when the request path (without the query string) matches. */
  path?: RegExp | string;
}

export interface FaultSpec {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Checked in order; one random draw per request picks at most one rule. */
  rules: FaultRule[];
}

const ruleSchema = z
  .strictObject({
    kind: z.enum(faultKinds),
    probability: z.number().min(0).max(1).optional(),
    times: z.number().int().positive().optional(),
    after: z.number().int().nonnegative().optional(),
    methods: z.array(z.string().min(1)).optional(),
    path: z.union([z.instanceof(RegExp), z.string()]).optional(),
  })
  .refine((rule) => rule.probability !== undefined || rule.times !== undefined, {
    message: 'needs a probability, a number of times, or both',
  });

const specSchema = z.strictObject({ seed: z.number().int().optional(), rules: z.array(ruleSchema) });

class InvalidFaultSpec extends Error {
  override readonly name = 'InvalidFaultSpec';
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG; enough for reproducible fault schedules and renderings. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const writeMethods = ['POST', 'PUT', 'DELETE'];

/**
 * The CLI form: comma-separated `key=value` pairs.
 * - `seed=42`
 * - `<kind>=0.1` (a probability) or `<kind>=2x` (the next 2 matching requests), for each kind in faultKinds
 * - `methods=POST|PUT` (or `methods=writes`) and `path=REGEX` (no commas) restrict every rule of the string
 * - `after=N`: every rule of the string lets the first N matching requests pass (`400=1x,after=2`: the third)
 */
export function parseFaultSpec(text: string): FaultSpec {
  let seed: number | undefined;
  let methods: string[] | undefined;
  let path: RegExp | undefined;
  let after: number | undefined;
  const rules: FaultRule[] = [];
  for (const pair of text.split(',').map((part) => part.trim())) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = separator < 0 ? pair : pair.slice(0, separator).trim();
    const value = separator < 0 ? '' : pair.slice(separator + 1).trim();
    if (key === 'seed') {
      seed = Number(value);
      if (!Number.isInteger(seed))
        throw new InvalidFaultSpec(`faults: seed must be an integer, got '${value}'`);
    } else if (key === 'after') {
      after = Number(value);
      if (!Number.isInteger(after) || after < 0)
        throw new InvalidFaultSpec(`faults: after must be a whole number, got '${value}'`);
    } else if (key === 'methods') {
      methods = value === 'writes' ? writeMethods : value.split(/[|+]/).map((method) => method.toUpperCase());
    } else if (key === 'path') {
      try {
        path = new RegExp(value);
      } catch (error) {
        throw new InvalidFaultSpec(`faults: path is not a regular expression: ${(error as Error).message}`);
      }
    } else if ((faultKinds as readonly string[]).includes(key)) {
      rules.push({ kind: key as FaultKind, ...parseRuleValue(key, value) });
    } else {
      throw new InvalidFaultSpec(
        `faults: unknown key '${key}' (expected seed, methods, path, after or one of ${faultKinds.join(', ')})`,
      );
    }
  }
  const restricted = rules.map((rule) => ({
    ...rule,
    ...(methods ? { methods } : {}),
    ...(path ? { path } : {}),
    ...(after === undefined ? {} : { after }),
  }));
  return { ...(seed === undefined ? {} : { seed }), rules: restricted };
}

function parseRuleValue(kind: string, value: string): Pick<FaultRule, 'probability' | 'times'> {
  const count = /^(\d+)x$/.exec(value);
  if (count) {
    const times = Number(count[1]);
    if (times > 0) return { times };
  }
  const probability = Number(value);
  if (value === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
    throw new InvalidFaultSpec(
      `faults: ${kind} must be a probability between 0 and 1 or a count like 2x, got '${value}'`,
    );
  }
  return { probability };
}

function normalizeFaultSpec(spec: FaultSpec | string): FaultSpec {
  const candidate = typeof spec === 'string' ? parseFaultSpec(spec) : spec;
  const result = specSchema.safeParse(candidate);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new InvalidFaultSpec(`faults: ${issues.join('; ')}`);
  }
  return candidate;
}

interface ActiveRule {
  rule: FaultRule;
  pattern: RegExp | undefined;
  firesLeft: number;
  /** Matching requests still to let pass (`after`). */
  passesLeft: number;
}

/** What happens to a `lost` write's response. */
export type LostDelivery = { status: number } | 'reset';

export class FaultInjector {
  readonly #random: () => number;
  readonly #rules: ActiveRule[];

  constructor(spec: FaultSpec | string | undefined) {
    const normalized = spec === undefined ? { rules: [] } : normalizeFaultSpec(spec);
    this.#random = mulberry32(normalized.seed ?? 1);
    this.#rules = normalized.rules.map((rule) => ({
      rule,
      pattern: rule.path === undefined ? undefined : statelessPattern(rule.path),
      firesLeft: rule.times ?? Number.POSITIVE_INFINITY,
      passesLeft: rule.after ?? 0,
    }));
  }

  /** The fault for this request, if any. Consumes one draw when any rule applies to the request. */
  decide(method: string, path: string): FaultKind | undefined {
    const matching = this.#rules.filter((active) => active.firesLeft > 0 && applies(active, method, path));
    const eligible = matching.filter((active) => {
      if (active.passesLeft === 0) return true;
      active.passesLeft -= 1;
      return false;
    });
    if (eligible.length === 0) return undefined;
    const draw = this.#random();
    let cumulative = 0;
    for (const active of eligible) {
      cumulative += active.rule.probability ?? 1;
      if (draw < cumulative) {
        active.firesLeft -= 1;
        return active.rule.kind;
      }
    }
    return undefined;
  }

  /** How a lost write's response is lost: half the time a 502, half the time a reset socket. */
  lostDelivery(): LostDelivery {
    return this.#random() < 0.5 ? { status: 502 } : 'reset';
  }
}

function applies({ rule, pattern }: ActiveRule, method: string, path: string): boolean {
  const upperMethod = method.toUpperCase();
  return (
    (rule.methods === undefined || rule.methods.some((allowed) => allowed.toUpperCase() === upperMethod)) &&
    (pattern === undefined || pattern.test(path)) &&
    (rule.kind !== 'lost' || writeMethods.includes(upperMethod))
  );
}

/** A copy without the g and y flags, whose `test` would otherwise carry `lastIndex` from one call to the next. */
function statelessPattern(path: RegExp | string): RegExp {
  return typeof path === 'string'
    ? new RegExp(path)
    : new RegExp(path.source, path.flags.replace(/[gy]/g, ''));
}

export interface LatencySpec {
  fixedMs?: number;
  /** Up to this many extra milliseconds, drawn from a seeded PRNG. */
  jitterMs?: number;
  seed?: number;
}

export function latencySchedule(spec: LatencySpec | undefined): () => number {
  const fixedMs = spec?.fixedMs ?? 0;
  const jitterMs = spec?.jitterMs ?? 0;
  if (fixedMs < 0 || jitterMs < 0)
    throw new InvalidFaultSpec('latency: fixedMs and jitterMs must not be negative');
  const random = mulberry32(spec?.seed ?? 1);
  return () => fixedMs + (jitterMs > 0 ? Math.floor(random() * (jitterMs + 1)) : 0);
}
