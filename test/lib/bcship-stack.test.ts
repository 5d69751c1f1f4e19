import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_SCOPES } from '../../lambdas/operations/receive-webhook.ts';
import { defaultApp, logicalIdsOfType, SKIP_BUNDLING, synthesize } from './synth.ts';

// The default app, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();

describe('the store registry table', () => {
  it('is keyed by pk and sk strings and billed per request', () => {
    synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has point-in-time recovery on', () => {
    synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is encrypted with the AWS managed KMS key', () => {
    const [table] = logicalIdsOfType(synthesized.json.Resources, 'AWS::DynamoDB::Table');
    // SSEEnabled with no key of our own is KMS with aws/dynamodb; absent, it would be the AWS owned key.
    expect(synthesized.json.Resources[table!]!.Properties.SSESpecification).toEqual({ SSEEnabled: true });
  });

  it('expires items through the ttl attribute', () => {
    synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('lists stores through the sparse byEntity index, partitioned by entity, sorted by pk, projecting only what listing reads', () => {
    synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'entity', AttributeType: 'S' }]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byEntity',
          KeySchema: [
            { AttributeName: 'entity', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['storeHash', 'profileName'] },
        },
      ],
    });
  });

  it('is kept when the stack is deleted', () => {
    synthesized.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the stack', () => {
  it('publishes run outcomes on an event bus named bcship', () => {
    synthesized.template.resourceCountIs('AWS::Events::EventBus', 1);
    synthesized.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'bcship' });
  });

  it('takes the event bus name from context', () => {
    const custom = synthesize({ ...SKIP_BUNDLING, 'bcship:eventBusName': 'bcship-staging' });
    try {
      custom.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'bcship-staging' });
    } finally {
      custom.cleanup();
    }
  });

  it('keeps run artifacts in a private, encrypted, SSL-only bucket whose objects expire after 90 days', () => {
    synthesized.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90 })]) },
    });
    synthesized.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets only the run’s tasks reach the run artifacts, each with just the object actions it uses', () => {
    const resources = synthesized.json.Resources;
    const [bucket] = logicalIdsOfType(resources, 'AWS::S3::Bucket');
    const s3Grants: string[] = [];
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const statements = (resource.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
        .Statement;
      for (const statement of statements) {
        const actions = [statement.Action].flat() as string[];
        if (!actions.some((action) => action.startsWith('s3:'))) continue;
        expect(JSON.stringify(statement.Resource)).toContain(bucket);
        expect(JSON.stringify(statement.Resource)).toContain('/runs/*');
        s3Grants.push(`${id.replace(/RoleDefaultPolicy.*$/, '')}: ${actions.sort().join(' ')}`);
      }
    }
    expect(s3Grants.sort()).toEqual([
      'FunctionsApplyZoneMethods: s3:GetObject s3:PutObject',
      'FunctionsProbeCheckout: s3:GetObject',
      'FunctionsRecord: s3:GetObject s3:PutObject',
      'FunctionsResolveZones: s3:GetObject s3:PutObject',
      'FunctionsVerifyZones: s3:GetObject s3:PutObject',
    ]);
  });

  it('outputs the state machine ARN, the registry table name, the bus name, the webhook and app URLs, the rollback function and the alerts topic', () => {
    const resources = synthesized.json.Resources;
    const [machine] = logicalIdsOfType(resources, 'AWS::StepFunctions::StateMachine');
    const [table] = logicalIdsOfType(resources, 'AWS::DynamoDB::Table');
    const [bus] = logicalIdsOfType(resources, 'AWS::Events::EventBus');
    const urlOf = (construct: string) =>
      logicalIdsOfType(resources, 'AWS::Lambda::Url').find((id) => id.startsWith(construct));
    const [topic] = logicalIdsOfType(resources, 'AWS::SNS::Topic');
    const rollbackFunction = logicalIdsOfType(resources, 'AWS::Lambda::Function').find((id) =>
      id.startsWith('FunctionsRollback'),
    );
    const outputs = synthesized.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.Value]))).toEqual(
      {
        StateMachineArn: { Ref: machine },
        RegistryTableName: { Ref: table },
        RunArtifactsBucketName: { Ref: logicalIdsOfType(resources, 'AWS::S3::Bucket')[0] },
        EventBusName: { Ref: bus },
        WebhookUrl: { 'Fn::GetAtt': [urlOf('Webhooks'), 'FunctionUrl'] },
        AppCallbackUrl: { 'Fn::GetAtt': [urlOf('App'), 'FunctionUrl'] },
        RollbackFunctionName: { Ref: rollbackFunction },
        DriftAlertsTopicArn: { Ref: topic },
      },
    );
  });

  it('describes the webhook URL with the scopes the receiver acts on', () => {
    const outputs = synthesized.template.toJSON().Outputs as Record<string, { Description?: string }>;
    expect(outputs.WebhookUrl?.Description).toBe(
      `Destination of the store webhooks (${WEBHOOK_SCOPES.join(', ')})`,
    );
    expect(WEBHOOK_SCOPES).toEqual([
      'store/information/updated',
      'store/channel/created',
      'store/app/uninstalled',
    ]);
  });

  it('holds two state machines (Standard, and Express for reconciliation), one table and fourteen functions: eight for the workflow, five that start one, one that frees leases', () => {
    const resources = synthesized.json.Resources;
    const machines = logicalIdsOfType(resources, 'AWS::StepFunctions::StateMachine').map(
      (id) => resources[id]!.Properties.StateMachineType,
    );
    expect(machines.sort()).toEqual(['EXPRESS', 'STANDARD']);
    expect(logicalIdsOfType(resources, 'AWS::DynamoDB::Table')).toHaveLength(1);
    expect(logicalIdsOfType(resources, 'AWS::Lambda::Function')).toHaveLength(14);
  });
});
