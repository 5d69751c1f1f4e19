import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { defaultApp, logicalIdsOfType } from './synth.ts';

// The default app, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();

const only = (type: string): string => {
  const ids = logicalIdsOfType(synthesized.json.Resources, type);
  expect(ids, type).toHaveLength(1);
  return ids[0]!;
};

/** The one rule on the bcship bus (lease recovery's is on the default bus). */
const alertsRule = (): string => {
  const bus = only('AWS::Events::EventBus');
  // The bus's other rule sends onboard-requested events to start-onboarding (app-callbacks.test.ts).
  const onBus = logicalIdsOfType(synthesized.json.Resources, 'AWS::Events::Rule').filter(
    (id) =>
      id.startsWith('DriftAlerts') &&
      JSON.stringify(synthesized.json.Resources[id]!.Properties.EventBusName) ===
        JSON.stringify({ Ref: bus }),
  );
  expect(onBus).toHaveLength(1);
  return onBus[0]!;
};

describe('drift alerts', () => {
  it('forward drifted and failed runs from the bcship bus to the DriftAlerts topic', () => {
    synthesized.template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: only('AWS::Events::EventBus') },
      EventPattern: { source: ['bcship'], 'detail-type': ['bcship.run.drifted', 'bcship.run.failed'] },
      Targets: [Match.objectLike({ Arn: { Ref: only('AWS::SNS::Topic') } })],
    });
  });

  it('retry delivery for a day, then dead-letter to an encrypted queue', () => {
    const rule = synthesized.json.Resources[alertsRule()]!.Properties as {
      Targets: { RetryPolicy: unknown; DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } } }[];
    };
    const [target] = rule.Targets;
    expect(target!.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 });
    const queue = synthesized.json.Resources[target!.DeadLetterConfig.Arn['Fn::GetAtt'][0]]!;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('go to a topic encrypted with a rotating key of its own that EventBridge may use', () => {
    const keyId = only('AWS::KMS::Key');
    synthesized.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    synthesized.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it('go to a topic that refuses publishing without TLS and allows EventBridge to publish', () => {
    synthesized.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: only('AWS::SNS::Topic') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'events.amazonaws.com' },
          }),
        ]),
      },
    });
  });
});
