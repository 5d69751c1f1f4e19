/**
 * Deployment settings, read from CDK context (`cdk.json`, `cdk synth -c key=value`, or `createApp(context)`).
 * Every setting has a default; a value that is present but wrong fails synthesis with an error naming the
 * context key, so a typo never deploys a half-configured stack.
 *
 * | context key                  | default                                              | meaning |
 * |------------------------------|------------------------------------------------------|---------|
 * | `bcship:storeSecretPrefix`   | `bcship/stores`                                      | Secrets Manager name prefix of store API tokens (`{prefix}/{storeHash}`) and store-specific carrier secrets |
 * | `bcship:carrierSecretPrefix` | `bcship/carriers`                                    | Secrets Manager name prefix of shared carrier connection fields (`{prefix}/{carrierId}`) |
 * | `bcship:mapMaxConcurrency`   | `2`                                                  | Zones applied at the same time per execution (1-40) |
 * | `bcship:profilesDir`         | `profiles`                                           | Directory of the shipping profiles deployed with the stack, relative to the repository root |
 * | `bcship:logRetentionDays`    | `30`                                                 | Retention of every log group, a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, …) |
 * | `bcship:bigcommerceApiUrl`   | `https://api.bigcommerce.com/stores/{storeHash}/v2`  | BigCommerce API base; `{storeHash}` is replaced per store |
 * | `bcship:memorySize`          | `256`                                                | Memory of every function, MB (128-10240) |
 * | `bcship:eventBusName`        | `bcship`                                             | Name of the EventBridge bus run outcomes are published on |
 * | `bcship:reconcileSchedule`   | `rate(1 day)`                                        | When every registered store is reconciled: an EventBridge Scheduler `rate(…)` or `cron(…)` expression (UTC), or `off` |
 * | `bcship:reconcileMode`       | `verify`                                             | What reconciliation does about drift: `verify` reports it, `apply` hands drifted stores to Standard applies |
 * | `bcship:reconcileConcurrency` | `10`                                                | start-reconciliations invocations at once (2-1000): the bound on the fan-out's Lambda concurrency |
 * | `bcship:reconcileStartsPerSecond` | `200`                                           | StartExecution calls per second of the whole fan-out (1-5000), shared by those invocations; keep it under the account's Step Functions quota (300/s refill in most regions) |
 * | `bcship:webhookSecretName`   | `bcship/webhooks/client-secret`                      | Secrets Manager name of `{ "clientSecret": "…" }`, the key of BigCommerce's webhook signatures |
 * | `bcship:appSecretName`       | `bcship/app/credentials`                             | Secrets Manager name of the app's `{ "clientId": "…", "clientSecret": "…" }` (install, load, uninstall callbacks) |
 * | `bcship:oauthBaseUrl`        | `https://login.bigcommerce.com`                      | Base URL of the OAuth token endpoint (`/oauth2/token`) the install exchanges its code at |
 * | `bcship:appCallbacksConcurrency` | `5`                                              | Reserved concurrency of the app callbacks' public Function URL (1-100) |
 * | `bcship:webhookConcurrency`  | `5`                                                  | Reserved concurrency of the webhook receiver's public Function URL (1-100) |
 * | `bcship:webhookBurstSeconds` | `60`                                                 | How long a webhook run waits before reading its store, gathering every delivery for the store meanwhile into that one run (5-900) |
 *
 * Why 2 zones at a time: applying a zone of N methods costs one list, a GET per carrier method listed without
 * its settings, and at most N writes (then one more list when Verify reads it back), and a store's quota (150 requests per 30 s on standard plans) is shared with the store's other apps, so two
 * concurrent iterations keep one execution well under it while still overlapping network waits.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { SHIPPING_CLIENT_DEFAULTS } from '../lambdas/bigcommerce/client.ts';
import { DEFAULT_LOGIN_URL } from '../lambdas/bigcommerce/oauth.ts';
import { RECONCILE_MODES, type ReconcileMode } from '../lambdas/operations/reconcile-stores.ts';

/** The repository root: bundling, the lock file and the default profiles directory are resolved from it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Settings {
  storeSecretPrefix: string;
  carrierSecretPrefix: string;
  mapMaxConcurrency: number;
  /** Absolute path. */
  profilesDir: string;
  logRetention: RetentionDays;
  bigcommerceApiUrl: string;
  memorySize: number;
  eventBusName: string;
  /** A schedule expression, or undefined when reconciliation is off. */
  reconcileSchedule: string | undefined;
  reconcileMode: ReconcileMode;
  reconcileConcurrency: number;
  reconcileStartsPerSecond: number;
  webhookSecretName: string;
  appSecretName: string;
  oauthBaseUrl: string;
  appCallbacksConcurrency: number;
  webhookConcurrency: number;
  webhookBurstSeconds: number;
}

/** Memory of every function, MB: the bench's cost model reads it too. */
export const FUNCTION_MEMORY_MB_DEFAULT = 256;

const SETTING_DEFAULTS = {
  'bcship:storeSecretPrefix': 'bcship/stores',
  'bcship:carrierSecretPrefix': 'bcship/carriers',
  'bcship:mapMaxConcurrency': 2,
  'bcship:profilesDir': 'profiles',
  'bcship:logRetentionDays': 30,
  'bcship:bigcommerceApiUrl': SHIPPING_CLIENT_DEFAULTS.baseUrl,
  'bcship:memorySize': FUNCTION_MEMORY_MB_DEFAULT,
  'bcship:eventBusName': 'bcship',
  'bcship:reconcileSchedule': 'rate(1 day)',
  'bcship:reconcileMode': 'verify',
  'bcship:reconcileConcurrency': 10,
  'bcship:reconcileStartsPerSecond': 200,
  'bcship:webhookSecretName': 'bcship/webhooks/client-secret',
  'bcship:appSecretName': 'bcship/app/credentials',
  'bcship:oauthBaseUrl': DEFAULT_LOGIN_URL,
  'bcship:appCallbacksConcurrency': 5,
  'bcship:webhookConcurrency': 5,
  'bcship:webhookBurstSeconds': 60,
} as const;

type SettingKey = keyof typeof SETTING_DEFAULTS;

class InvalidSetting extends Error {
  override readonly name = 'InvalidSetting';
  readonly key: SettingKey;
  constructor(key: SettingKey, value: unknown, reason: string) {
    super(`Invalid context value for ${key} (${JSON.stringify(value)}): ${reason}`);
    this.key = key;
  }
}

/** Reads and validates every setting from the construct tree's context. */
export const readSettings = (node: Node): Settings => {
  const read = <K extends SettingKey>(key: K): unknown => node.tryGetContext(key) ?? SETTING_DEFAULTS[key];
  return {
    storeSecretPrefix: secretPrefix('bcship:storeSecretPrefix', read('bcship:storeSecretPrefix')),
    carrierSecretPrefix: secretPrefix('bcship:carrierSecretPrefix', read('bcship:carrierSecretPrefix')),
    mapMaxConcurrency: integer('bcship:mapMaxConcurrency', read('bcship:mapMaxConcurrency'), 1, 40),
    profilesDir: directory('bcship:profilesDir', read('bcship:profilesDir')),
    logRetention: retention('bcship:logRetentionDays', read('bcship:logRetentionDays')),
    bigcommerceApiUrl: apiUrl('bcship:bigcommerceApiUrl', read('bcship:bigcommerceApiUrl')),
    memorySize: integer('bcship:memorySize', read('bcship:memorySize'), 128, 10_240),
    eventBusName: eventBusName('bcship:eventBusName', read('bcship:eventBusName')),
    reconcileSchedule: scheduleExpression('bcship:reconcileSchedule', read('bcship:reconcileSchedule')),
    reconcileMode: reconcileMode('bcship:reconcileMode', read('bcship:reconcileMode')),
    // The event source mapping's MaximumConcurrency is at least 2.
    reconcileConcurrency: integer(
      'bcship:reconcileConcurrency',
      read('bcship:reconcileConcurrency'),
      2,
      1000,
    ),
    reconcileStartsPerSecond: integer(
      'bcship:reconcileStartsPerSecond',
      read('bcship:reconcileStartsPerSecond'),
      1,
      5000,
    ),
    webhookSecretName: secretName('bcship:webhookSecretName', read('bcship:webhookSecretName')),
    appSecretName: secretName('bcship:appSecretName', read('bcship:appSecretName')),
    oauthBaseUrl: apiUrl('bcship:oauthBaseUrl', read('bcship:oauthBaseUrl')),
    appCallbacksConcurrency: integer(
      'bcship:appCallbacksConcurrency',
      read('bcship:appCallbacksConcurrency'),
      1,
      100,
    ),
    webhookConcurrency: integer('bcship:webhookConcurrency', read('bcship:webhookConcurrency'), 1, 100),
    // At least a few seconds, or no delivery could be covered (PENDING_RUN_MARGIN_SECONDS); at most 15 minutes,
    // for a merchant's change to apply soon after it.
    webhookBurstSeconds: integer('bcship:webhookBurstSeconds', read('bcship:webhookBurstSeconds'), 5, 900),
  };
};

const nonEmptyString = (key: SettingKey, value: unknown): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidSetting(key, value, 'must be a non-empty string');
  }
  return value;
};

// Secret names allow these characters; the prefix is followed by `/` in the IAM resource, so no trailing slash.
const SECRET_PREFIX = /^[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)*$/;

const secretPrefix = (key: SettingKey, value: unknown): string => {
  const prefix = nonEmptyString(key, value);
  if (!SECRET_PREFIX.test(prefix)) {
    throw new InvalidSetting(
      key,
      value,
      'must be a Secrets Manager name prefix: letters, digits and _+=.@- separated by single "/", with no leading or trailing "/"',
    );
  }
  return prefix;
};

// The grant matches the name followed by Secrets Manager's `-` and six random characters.
const secretName = (key: SettingKey, value: unknown): string => {
  const name = nonEmptyString(key, value);
  if (!SECRET_PREFIX.test(name) || name.length > 512) {
    throw new InvalidSetting(
      key,
      value,
      'must be a Secrets Manager secret name: letters, digits and _+=.@- separated by single "/", with no leading or trailing "/"',
    );
  }
  return name;
};

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
// Six fields: minutes hours day-of-month month day-of-week year.
const CRON = /^cron\(\S+( \S+){5}\)$/;

const scheduleExpression = (key: SettingKey, value: unknown): string | undefined => {
  const expression = nonEmptyString(key, value).trim();
  if (expression === 'off') return undefined;
  const rate = RATE.exec(expression);
  if (rate) {
    const [, amount, unit] = rate as unknown as [string, string, string];
    const count = Number(amount);
    // Scheduler rejects `rate(0 …)`, `rate(1 days)` and `rate(2 day)`.
    if (count < 1 || (count === 1) !== !unit.endsWith('s')) {
      throw new InvalidSetting(
        key,
        value,
        'a rate needs a positive whole number and a unit that agrees with it, e.g. rate(1 day) or rate(12 hours)',
      );
    }
    return expression;
  }
  if (CRON.test(expression)) return expression;
  throw new InvalidSetting(
    key,
    value,
    'must be "off", rate(N unit) with unit minute(s), hour(s) or day(s), or a six-field cron(…) expression (UTC)',
  );
};

const reconcileMode = (key: SettingKey, value: unknown): ReconcileMode => {
  const mode = RECONCILE_MODES.find((allowed) => allowed === value);
  if (mode === undefined) {
    throw new InvalidSetting(key, value, `must be one of ${RECONCILE_MODES.join(', ')}`);
  }
  return mode;
};

// Context given on the command line (`-c key=3`) arrives as a string.
const integer = (key: SettingKey, value: unknown, min: number, max: number): number => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new InvalidSetting(key, value, `must be an integer from ${min} to ${max}`);
  }
  return number;
};

const directory = (key: SettingKey, value: unknown): string =>
  path.resolve(PROJECT_ROOT, nonEmptyString(key, value));

const RETENTION_VALUES = Object.values(RetentionDays).filter(
  (days): days is RetentionDays => typeof days === 'number' && days !== RetentionDays.INFINITE,
);

const retention = (key: SettingKey, value: unknown): RetentionDays => {
  const days = integer(key, value, 1, Number.MAX_SAFE_INTEGER);
  const match = RETENTION_VALUES.find((allowed) => allowed === days);
  if (match === undefined) {
    throw new InvalidSetting(
      key,
      value,
      `must be a CloudWatch Logs retention in days, one of ${RETENTION_VALUES.join(', ')}`,
    );
  }
  return match;
};

const apiUrl = (key: SettingKey, value: unknown): string => {
  const url = nonEmptyString(key, value);
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll('{storeHash}', 'storehash'));
  } catch {
    throw new InvalidSetting(key, value, 'must be an absolute URL');
  }
  // Plain http is only acceptable for a sandbox on this machine: tokens travel in a header.
  const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    throw new InvalidSetting(key, value, 'must use https (http only for localhost)');
  }
  return url.replace(/\/+$/, '');
};

const eventBusName = (key: SettingKey, value: unknown): string => {
  const name = nonEmptyString(key, value);
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(name) || name === 'default') {
    throw new InvalidSetting(key, value, 'must be 1-256 letters, digits, ".", "_" or "-", and not "default"');
  }
  return name;
};
