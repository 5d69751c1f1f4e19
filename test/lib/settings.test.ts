import * as path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, readSettings } from '../../lib/settings.ts';

// A bare construct tree: an App would create a cloud assembly directory for every call.
const settingsFor = (context: Record<string, unknown>) => {
  const root = new Construct(undefined as unknown as Construct, '');
  for (const [key, value] of Object.entries(context)) root.node.setContext(key, value);
  return readSettings(root.node);
};

describe('readSettings', () => {
  it('uses the documented defaults when the context sets nothing', () => {
    expect(settingsFor({})).toEqual({
      storeSecretPrefix: 'bcship/stores',
      carrierSecretPrefix: 'bcship/carriers',
      mapMaxConcurrency: 2,
      profilesDir: path.join(PROJECT_ROOT, 'profiles'),
      logRetention: RetentionDays.ONE_MONTH,
      bigcommerceApiUrl: 'https://api.bigcommerce.com/stores/{storeHash}/v2',
      memorySize: 256,
      eventBusName: 'bcship',
      reconcileSchedule: 'rate(1 day)',
      reconcileMode: 'verify',
      reconcileConcurrency: 10,
      reconcileStartsPerSecond: 200,
      webhookSecretName: 'bcship/webhooks/client-secret',
      appSecretName: 'bcship/app/credentials',
      oauthBaseUrl: 'https://login.bigcommerce.com',
      appCallbacksConcurrency: 5,
      webhookConcurrency: 5,
      webhookBurstSeconds: 60,
    });
  });

  it.each([
    ['bcship:reconcileConcurrency', 1],
    ['bcship:reconcileConcurrency', 1001],
    ['bcship:reconcileStartsPerSecond', 0],
    ['bcship:reconcileStartsPerSecond', 2.5],
  ])('refuses %s = %s, naming the key', (key, value) => {
    expect(() => settingsFor({ [key]: value })).toThrow(`Invalid context value for ${key}`);
  });

  it('turns reconciliation off with "off"', () => {
    expect(settingsFor({ 'bcship:reconcileSchedule': 'off' }).reconcileSchedule).toBeUndefined();
  });

  it.each(['rate(1 hour)', 'rate(12 hours)', 'rate(30 minutes)', 'cron(0 3 * * ? *)'])(
    'accepts the schedule expression %s',
    (expression) => {
      expect(settingsFor({ 'bcship:reconcileSchedule': expression }).reconcileSchedule).toBe(expression);
    },
  );

  it('reconciles in mode apply when told to fix drift', () => {
    expect(settingsFor({ 'bcship:reconcileMode': 'apply' }).reconcileMode).toBe('apply');
  });

  it('accepts numbers given as strings, as `cdk synth -c key=value` passes them', () => {
    const settings = settingsFor({
      'bcship:mapMaxConcurrency': '5',
      'bcship:logRetentionDays': '90',
      'bcship:memorySize': '512',
    });
    expect(settings).toMatchObject({
      mapMaxConcurrency: 5,
      logRetention: RetentionDays.THREE_MONTHS,
      memorySize: 512,
    });
  });

  it('resolves a relative profiles directory from the repository root, not the working directory', () => {
    expect(settingsFor({ 'bcship:profilesDir': 'examples/profiles' }).profilesDir).toBe(
      path.join(PROJECT_ROOT, 'examples', 'profiles'),
    );
  });

  it('keeps an absolute profiles directory as given', () => {
    expect(settingsFor({ 'bcship:profilesDir': '/srv/profiles' }).profilesDir).toBe('/srv/profiles');
  });

  it('drops a trailing slash from the BigCommerce API URL', () => {
    expect(
      settingsFor({ 'bcship:bigcommerceApiUrl': 'https://bc.example.com/{storeHash}/v2/' }).bigcommerceApiUrl,
    ).toBe('https://bc.example.com/{storeHash}/v2');
  });

  it('allows plain http only for a BigCommerce API on this machine', () => {
    expect(
      settingsFor({ 'bcship:bigcommerceApiUrl': 'http://127.0.0.1:4010/stores/{storeHash}/v2' })
        .bigcommerceApiUrl,
    ).toBe('http://127.0.0.1:4010/stores/{storeHash}/v2');
    expect(() => settingsFor({ 'bcship:bigcommerceApiUrl': 'http://api.example.com/{storeHash}' })).toThrow(
      /bcship:bigcommerceApiUrl .*must use https/,
    );
  });

  it.each([
    ['bcship:mapMaxConcurrency', 0, /integer from 1 to 40/],
    ['bcship:mapMaxConcurrency', 'two', /integer from 1 to 40/],
    ['bcship:mapMaxConcurrency', 2.5, /integer from 1 to 40/],
    ['bcship:logRetentionDays', 31, /retention in days, one of 1, 3, 5/],
    ['bcship:logRetentionDays', 9999, /retention in days/],
    ['bcship:memorySize', 64, /integer from 128 to 10240/],
    ['bcship:storeSecretPrefix', 'bcship/stores/', /Secrets Manager name prefix/],
    ['bcship:carrierSecretPrefix', '/carriers', /Secrets Manager name prefix/],
    ['bcship:storeSecretPrefix', 'stores/*', /Secrets Manager name prefix/],
    ['bcship:bigcommerceApiUrl', 'not a url', /absolute URL/],
    ['bcship:profilesDir', '', /non-empty string/],
    ['bcship:eventBusName', 'default', /not "default"/],
    ['bcship:reconcileSchedule', 'daily', /"off", rate\(N unit\)/],
    ['bcship:reconcileSchedule', 'rate(1 days)', /unit that agrees with it/],
    ['bcship:reconcileSchedule', 'rate(2 day)', /unit that agrees with it/],
    ['bcship:reconcileSchedule', 'rate(0 minutes)', /positive whole number/],
    ['bcship:reconcileSchedule', 'cron(0 3 * * ?)', /six-field cron/],
    ['bcship:reconcileMode', 'plan', /one of verify, apply/],
    ['bcship:webhookSecretName', 'bcship/webhooks/', /Secrets Manager secret name/],
    ['bcship:webhookSecretName', '', /non-empty string/],
    ['bcship:webhookBurstSeconds', 2, /integer from 5 to 900/],
    ['bcship:webhookBurstSeconds', 3600, /integer from 5 to 900/],
  ])('rejects %s = %j with an error naming the key', (key, value, reason) => {
    const attempt = () => settingsFor({ [key]: value });
    expect(attempt).toThrow(reason);
    expect(attempt).toThrow(`Invalid context value for ${key}`);
  });
});
