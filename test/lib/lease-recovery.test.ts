import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  defaultApp,
  logicalIdsOfType,
  resourcesOf,
  type Synthesized,
  statementsOfRole,
} from './synth.ts';

// The default app, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();

type Resources = Synthesized['json']['Resources'];

const releaseLeaseFunction = (resources: Resources): string => {
  const id = logicalIdsOfType(resources, 'AWS::Lambda::Function').find(
    (candidate) =>
      (resources[candidate]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .BCSHIP_OPERATION === 'release-lease',
  );
  if (!id) throw new Error('no release-lease function');
  return id;
};

interface RuleProperties {
  EventBusName?: unknown;
  EventPattern: Record<string, unknown>;
  State: string;
  Targets: {
    Arn: unknown;
    RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
    DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string, string] } };
  }[];
}

const leaseRecoveryRule = (resources: Resources): RuleProperties => {
  const fnId = releaseLeaseFunction(resources);
  const rules = logicalIdsOfType(resources, 'AWS::Events::Rule')
    .map((id) => resources[id]!.Properties as unknown as RuleProperties)
    .filter((rule) =>
      rule.Targets.some(
        (target) => JSON.stringify(target.Arn) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
      ),
    );
  expect(rules).toHaveLength(1);
  return rules[0]!;
};

describe('lease recovery', () => {
  it('listens on the default bus, where Step Functions reports execution status changes', () => {
    const rule = leaseRecoveryRule(synthesized.json.Resources);
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.State).toBe('ENABLED');
  });

  it('matches the Onboard executions that were stopped, timed out or failed, and nothing else', () => {
    const resources = synthesized.json.Resources;
    const [machineId] = logicalIdsOfType(resources, 'AWS::StepFunctions::StateMachine');
    expect(leaseRecoveryRule(resources).EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['ABORTED', 'TIMED_OUT', 'FAILED'], stateMachineArn: [{ Ref: machineId }] },
    });
  });

  it('invokes release-lease, retrying delivery, then dead-lettering to an encrypted queue', () => {
    const resources = synthesized.json.Resources;
    const [target] = leaseRecoveryRule(resources).Targets;
    expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 });
    const queueId = target!.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    expect(resources[queueId]!.Type).toBe('AWS::SQS::Queue');
    expect(resources[queueId]!.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('dead-letters invocations the function failed to the same queue', () => {
    const resources = synthesized.json.Resources;
    const queueId = leaseRecoveryRule(resources).Targets[0]!.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const fn = resources[releaseLeaseFunction(resources)]!;
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
  });

  it('lets only this rule invoke release-lease', () => {
    const resources = synthesized.json.Resources;
    const fnId = releaseLeaseFunction(resources);
    const permissions = logicalIdsOfType(resources, 'AWS::Lambda::Permission')
      .map((id) => resources[id]!.Properties)
      .filter((permission) => JSON.stringify(permission.FunctionName).includes(fnId));
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
    });
    const ruleId = logicalIdsOfType(resources, 'AWS::Events::Rule').find(
      (id) => JSON.stringify(permissions[0]!.SourceArn) === JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }),
    );
    expect(ruleId).toBeDefined();
  });

  it('gives release-lease the registry table’s UpdateItem, Query and PutItem, the bus and its queue, and no secret or state machine', () => {
    const resources = synthesized.json.Resources;
    const fn = resources[releaseLeaseFunction(resources)]!;
    const [tableId] = logicalIdsOfType(resources, 'AWS::DynamoDB::Table');
    const [busId] = logicalIdsOfType(resources, 'AWS::Events::EventBus');
    const queueId = (fn.Properties.DeadLetterConfig as { TargetArn: { 'Fn::GetAtt': [string, string] } })
      .TargetArn['Fn::GetAtt'][0];
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const grants = statementsOfRole(resources, roleId)
      .filter((statement) => !actionsOf(statement).some((action) => /^(logs|xray):/.test(action)))
      .map((statement) => ({ actions: [...actionsOf(statement)].sort(), resources: resourcesOf(statement) }));
    expect(grants).toEqual(
      expect.arrayContaining([
        {
          actions: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
          resources: [`<${tableId}.Arn>`],
        },
        { actions: ['events:PutEvents'], resources: [`<${busId}.Arn>`] },
        { actions: ['sqs:SendMessage'], resources: [`<${queueId}.Arn>`] },
      ]),
    );
    expect(grants).toHaveLength(3);
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env).sort()).toEqual([
      'BCSHIP_OPERATION',
      'EVENT_BUS_NAME',
      'NODE_OPTIONS',
      'POWERTOOLS_METRICS_NAMESPACE',
      'POWERTOOLS_SERVICE_NAME',
      'REGISTRY_TABLE_NAME',
    ]);
  });
});
