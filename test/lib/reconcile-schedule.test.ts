import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  defaultApp,
  logicalIdsOfType,
  resourcesOf,
  SKIP_BUNDLING,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth.ts';

// The default app, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();

type Resources = Synthesized['json']['Resources'];

const functionOf = (resources: Resources, operation: string): string | undefined =>
  logicalIdsOfType(resources, 'AWS::Lambda::Function').find(
    (id) =>
      (resources[id]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .BCSHIP_OPERATION === operation,
  );

const scheduleOf = (resources: Resources) => {
  const [id] = logicalIdsOfType(resources, 'AWS::Scheduler::Schedule');
  return resources[id!]!.Properties as {
    ScheduleExpression: string;
    State: string;
    Target: {
      Arn: unknown;
      Input: string;
      RoleArn: { 'Fn::GetAtt': [string, string] };
      RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } };
    };
  };
};

describe('the reconciliation schedule', () => {
  it('fires once a day by default', () => {
    const schedule = scheduleOf(synthesized.json.Resources);
    expect(schedule.ScheduleExpression).toBe('rate(1 day)');
    expect(schedule.State).toBe('ENABLED');
  });

  it('invokes reconcile-stores with the slot time and mode verify', () => {
    const resources = synthesized.json.Resources;
    const schedule = scheduleOf(resources);
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [functionOf(resources, 'reconcile-stores'), 'Arn'] });
    expect(JSON.parse(schedule.Target.Input)).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
      mode: 'verify',
    });
  });

  it('retries delivering an invocation, then dead-letters it to an encrypted queue', () => {
    const resources = synthesized.json.Resources;
    const { Target } = scheduleOf(resources);
    expect(Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    const queueId = Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
    expect(resources[queueId]!.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('dead-letters invocations the function failed to the same queue', () => {
    const resources = synthesized.json.Resources;
    const queueId = scheduleOf(resources).Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const fn = resources[functionOf(resources, 'reconcile-stores')!]!;
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
  });

  it('keeps its dead-letter queue to TLS only', () => {
    const resources = synthesized.json.Resources;
    const queueId = scheduleOf(resources).Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    synthesized.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Principal: { AWS: '*' },
            Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      },
    });
  });

  it('assumes a role that may invoke reconcile-stores and write to the queue, nothing else', () => {
    const resources = synthesized.json.Resources;
    const { Target } = scheduleOf(resources);
    const fnId = functionOf(resources, 'reconcile-stores');
    const queueId = Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const statements = statementsOfRole(resources, Target.RoleArn['Fn::GetAtt'][0]);
    expect(
      statements.map((statement) => ({ actions: actionsOf(statement), resources: resourcesOf(statement) })),
    ).toEqual([
      { actions: ['lambda:InvokeFunction'], resources: [`<${fnId}.Arn>`, `<${fnId}.Arn>:*`] },
      { actions: ['sqs:SendMessage'], resources: [`<${queueId}.Arn>`] },
    ]);
  });

  it('takes its expression and mode from context', () => {
    const custom = synthesize({
      ...SKIP_BUNDLING,
      'bcship:reconcileSchedule': 'cron(0 3 * * ? *)',
      'bcship:reconcileMode': 'apply',
    });
    try {
      const schedule = scheduleOf(custom.json.Resources);
      expect(schedule.ScheduleExpression).toBe('cron(0 3 * * ? *)');
      expect(JSON.parse(schedule.Target.Input).mode).toBe('apply');
    } finally {
      custom.cleanup();
    }
  });

  it('is left out, with its function, when the setting is off', () => {
    const off = synthesize({ ...SKIP_BUNDLING, 'bcship:reconcileSchedule': 'off' });
    try {
      expect(logicalIdsOfType(off.json.Resources, 'AWS::Scheduler::Schedule')).toEqual([]);
      expect(functionOf(off.json.Resources, 'reconcile-stores')).toBeUndefined();
      expect(off.stack.reconcile).toBeUndefined();
    } finally {
      off.cleanup();
    }
  });
});
