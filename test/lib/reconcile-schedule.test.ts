import { describe, expect, it } from 'vitest';
import { extractStateMachineAsl } from '../../lib/asl.ts';
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

  it('takes its expression and mode from context; mode apply hands drifted stores of scheduled runs to Standard applies', () => {
    const custom = synthesize({
      ...SKIP_BUNDLING,
      'bcship:reconcileSchedule': 'cron(0 3 * * ? *)',
      'bcship:reconcileMode': 'apply',
    });
    try {
      const resources = custom.json.Resources;
      const schedule = scheduleOf(resources);
      expect(schedule.ScheduleExpression).toBe('cron(0 3 * * ? *)');
      expect(JSON.parse(schedule.Target.Input).mode).toBe('apply');
      const handOff = functionOf(resources, 'hand-off-apply');
      const rule = logicalIdsOfType(resources, 'AWS::Events::Rule')
        .map((id) => resources[id]!.Properties as { EventPattern: unknown; Targets: { Arn: unknown }[] })
        .find((candidate) => JSON.stringify(candidate.Targets).includes(handOff!));
      expect(rule?.EventPattern).toEqual({
        source: ['bcship'],
        'detail-type': ['bcship.run.drifted'],
        detail: { mode: ['verify'], trigger: { kind: ['schedule'] } },
      });
    } finally {
      custom.cleanup();
    }
  });

  it('with mode verify has no hand-off', () => {
    expect(functionOf(synthesized.json.Resources, 'hand-off-apply')).toBeUndefined();
  });

  it('queues stores for start-reconciliations, whose concurrency and pace come from context', () => {
    const custom = synthesize({
      ...SKIP_BUNDLING,
      'bcship:reconcileConcurrency': 25,
      'bcship:reconcileStartsPerSecond': 250,
    });
    try {
      const resources = custom.json.Resources;
      const starter = functionOf(resources, 'start-reconciliations')!;
      const [mappingId] = logicalIdsOfType(resources, 'AWS::Lambda::EventSourceMapping');
      const mapping = resources[mappingId!]!.Properties;
      expect(mapping).toMatchObject({
        FunctionName: { Ref: starter },
        ScalingConfig: { MaximumConcurrency: 25 },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      const variables = (resources[starter]!.Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables).toMatchObject({ RECONCILE_CONCURRENCY: '25', RECONCILE_STARTS_PER_SECOND: '250' });
      const queueId = (mapping.EventSourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const queue = resources[queueId]!.Properties as { VisibilityTimeout: number; RedrivePolicy: unknown };
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * 120);
      expect(queue.RedrivePolicy).toMatchObject({ maxReceiveCount: 20 });
    } finally {
      custom.cleanup();
    }
  });

  it('runs the same definition on an Express state machine, without waiting for a busy store', () => {
    const standard = extractStateMachineAsl(synthesized.json, 'STANDARD');
    const express = extractStateMachineAsl(synthesized.json, 'EXPRESS');
    const withoutBusyWait = (asl: typeof standard) => {
      const states = structuredClone(asl.definition.States) as Record<
        string,
        { Retry?: { ErrorEquals: string[] }[] }
      >;
      for (const name of ['ResolveZones', 'Verify']) {
        states[name]!.Retry = states[name]!.Retry?.filter(
          (retry) => !retry.ErrorEquals.includes('StoreBusy'),
        );
      }
      return states;
    };
    expect(Object.keys(express.definition.States)).toEqual(Object.keys(standard.definition.States));
    const expressStates = express.definition.States as Record<
      string,
      { Retry?: { ErrorEquals: string[] }[] }
    >;
    expect(expressStates.ResolveZones!.Retry!.some((retry) => retry.ErrorEquals.includes('StoreBusy'))).toBe(
      false,
    );
    expect(JSON.stringify(withoutBusyWait(express))).toBe(JSON.stringify(withoutBusyWait(standard)));
    expect(express.definition.TimeoutSeconds).toBe(300);
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
