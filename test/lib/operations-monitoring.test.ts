/**
 * Operations in the template: every alarm pages through the DriftAlerts topic, every failures queue has an
 * alarm, a dashboard charts runs, drift, 429s, durations and queue depths, and the status-change rule sends
 * every unrecorded end to the function that records it.
 */
import { describe, expect, it } from 'vitest';
import { defaultApp, logicalIdsOfType } from './synth.ts';

// The default app, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();
const resources = synthesized.json.Resources;

const only = (type: string): string => {
  const ids = logicalIdsOfType(resources, type);
  expect(ids, type).toHaveLength(1);
  return ids[0]!;
};

describe('operations monitoring', () => {
  it('gives every alarm an SNS action to the DriftAlerts topic', () => {
    const topic = only('AWS::SNS::Topic');
    const alarms = logicalIdsOfType(resources, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(6);
    for (const alarm of alarms) {
      expect(resources[alarm]!.Properties.AlarmActions, alarm).toEqual([{ Ref: topic }]);
    }
  });

  it('has an alarm on failed executions, on drift, and on every failures queue', () => {
    const alarms = logicalIdsOfType(resources, 'AWS::CloudWatch::Alarm').map(
      (id) => resources[id]!.Properties,
    );
    expect(alarms.some((alarm) => alarm.MetricName === 'ExecutionsFailed')).toBe(true);
    expect(alarms.some((alarm) => alarm.MetricName === 'Drifted' && alarm.Namespace === 'bcship')).toBe(true);
    const watchedQueues = alarms
      .filter((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map((alarm) => JSON.stringify(alarm.Dimensions));
    const deadLetterQueues = new Set<string>();
    for (const id of logicalIdsOfType(resources, 'AWS::Lambda::Function')) {
      const target = (
        resources[id]!.Properties.DeadLetterConfig as { TargetArn?: { 'Fn::GetAtt': string[] } }
      )?.TargetArn?.['Fn::GetAtt']?.[0];
      if (target) deadLetterQueues.add(target);
    }
    expect(deadLetterQueues.size).toBeGreaterThan(0);
    for (const queue of deadLetterQueues) {
      expect(
        watchedQueues.some((dimensions) => dimensions.includes(queue)),
        queue,
      ).toBe(true);
    }
  });

  it('has a dashboard of runs by outcome, drift, 429s and retries, durations, queue depths and webhooks', () => {
    const dashboard = resources[only('AWS::CloudWatch::Dashboard')]!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of [
      'Runs by outcome',
      'Drift',
      'BigCommerce 429s and errors; task attempts retried or caught',
      'Execution duration',
      'Failures queue depths',
      'Webhook deliveries and the runs they started',
    ]) {
      expect(body).toContain(title);
    }
    for (const metric of ['WebhooksReceived', 'WebhookRunsStarted', 'WebhookDeliveriesCoalesced']) {
      expect(body).toContain(`${metric} (receive-webhook)`);
    }
    expect(body).toContain('BigCommerceRateLimited');
    expect(body).toContain('ExecutionTime');
  });

  it('sends every end no task recorded to the function that records it', () => {
    const rules = logicalIdsOfType(resources, 'AWS::Events::Rule').map((id) => resources[id]!.Properties);
    const statusRule = rules.find((rule) =>
      JSON.stringify(rule.EventPattern).includes('Step Functions Execution Status Change'),
    )!;
    expect((statusRule.EventPattern as { detail: { status: string[] } }).detail.status.sort()).toEqual([
      'ABORTED',
      'FAILED',
      'TIMED_OUT',
    ]);
    const [target] = statusRule.Targets as { Arn: { 'Fn::GetAtt': [string, string] } }[];
    const fn = resources[target!.Arn['Fn::GetAtt'][0]]!;
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.BCSHIP_OPERATION).toBe('release-lease');
    // It records the run and publishes bcship.run.failed.
    expect(env.EVENT_BUS_NAME).toBeDefined();
    expect(env.REGISTRY_TABLE_NAME).toBeDefined();
  });
});

describe('policies of the DriftAlerts topic and key', () => {
  const statementsFor = (service: string, document: unknown) =>
    (
      document as { Statement: { Principal?: { Service?: string }; Condition?: Record<string, unknown> }[] }
    ).Statement.filter((statement) => statement.Principal?.Service === service);

  it.each(['events.amazonaws.com', 'cloudwatch.amazonaws.com'])(
    'allow %s only with aws:SourceArn and aws:SourceAccount conditions',
    (service) => {
      const topicPolicy = resources[only('AWS::SNS::TopicPolicy')]!.Properties.PolicyDocument;
      const keyPolicy = resources[only('AWS::KMS::Key')]!.Properties.KeyPolicy;
      const statements = [...statementsFor(service, topicPolicy), ...statementsFor(service, keyPolicy)];
      expect(statements.length).toBeGreaterThanOrEqual(2);
      for (const statement of statements) {
        const conditions = JSON.stringify(statement.Condition ?? {});
        expect(conditions, JSON.stringify(statement)).toContain('aws:SourceArn');
        expect(conditions, JSON.stringify(statement)).toContain('aws:SourceAccount');
      }
    },
  );
});
