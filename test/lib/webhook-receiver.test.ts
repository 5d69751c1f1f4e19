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

const receiverOf = (resources: Resources) => {
  const id = logicalIdsOfType(resources, 'AWS::Lambda::Function').find(
    (candidate) =>
      (resources[candidate]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .BCSHIP_OPERATION === 'receive-webhook',
  )!;
  const properties = resources[id]!.Properties;
  return {
    id,
    env: (properties.Environment as { Variables: Record<string, unknown> }).Variables,
    role: (properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
  };
};

describe('the webhook receiver', () => {
  it('is reached through a Function URL without IAM auth, since BigCommerce cannot sign AWS requests', () => {
    const resources = synthesized.json.Resources;
    const urls = logicalIdsOfType(resources, 'AWS::Lambda::Url').filter((url) =>
      JSON.stringify(resources[url]!.Properties).includes(receiverOf(resources).id),
    );
    expect(urls).toHaveLength(1);
    expect(resources[urls[0]!]!.Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [receiverOf(resources).id, 'Arn'] },
    });
  });

  it('has reserved concurrency, like every function behind a public Function URL', () => {
    const resources = synthesized.json.Resources;
    const { id } = receiverOf(resources);
    expect(resources[id]!.Properties.ReservedConcurrentExecutions).toBe(5);
    const publicFunctions = logicalIdsOfType(resources, 'AWS::Lambda::Url')
      .filter((url) => resources[url]!.Properties.AuthType === 'NONE')
      .map(
        (url) =>
          (resources[url]!.Properties.TargetFunctionArn as { 'Fn::GetAtt': [string, string] })[
            'Fn::GetAtt'
          ][0],
      );
    expect(publicFunctions.length).toBeGreaterThan(0);
    for (const fn of publicFunctions) {
      expect(resources[fn]!.Properties.ReservedConcurrentExecutions, fn).toBeGreaterThan(0);
    }
  });

  it('lets anyone invoke it only through that URL', () => {
    const resources = synthesized.json.Resources;
    const { id } = receiverOf(resources);
    const permissions = logicalIdsOfType(resources, 'AWS::Lambda::Permission')
      .map((permission) => resources[permission]!.Properties)
      .filter((properties) => JSON.stringify(properties.FunctionName).includes(id));
    for (const permission of permissions) {
      expect(permission.Principal).toBe('*');
      expect(
        permission.FunctionUrlAuthType === 'NONE' || permission.InvokedViaFunctionUrl === true,
        JSON.stringify(permission),
      ).toBe(true);
    }
    expect(permissions.length).toBeGreaterThan(0);
  });

  it('reads the client secret named by bcship:webhookSecretName, and no other secret', () => {
    const custom = synthesize({ ...SKIP_BUNDLING, 'bcship:webhookSecretName': 'acme/bc/webhook-secret' });
    try {
      const resources = custom.json.Resources;
      const receiver = receiverOf(resources);
      expect(receiver.env.WEBHOOK_SECRET_NAME).toBe('acme/bc/webhook-secret');
      const grants = statementsOfRole(resources, receiver.role)
        .filter((statement) => actionsOf(statement).includes('secretsmanager:GetSecretValue'))
        .flatMap(resourcesOf);
      expect(grants).toEqual([
        'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:acme/bc/webhook-secret-??????',
      ]);
    } finally {
      custom.cleanup();
    }
  });

  it('waits out the burst window of bcship:webhookBurstSeconds (60 s unless set)', () => {
    expect(receiverOf(synthesized.json.Resources).env.WEBHOOK_BURST_SECONDS).toBe('60');
    const custom = synthesize({ ...SKIP_BUNDLING, 'bcship:webhookBurstSeconds': 120 });
    try {
      const resources = custom.json.Resources;
      expect(receiverOf(resources).env.WEBHOOK_BURST_SECONDS).toBe('120');
      const others = logicalIdsOfType(resources, 'AWS::Lambda::Function').filter(
        (id) => id !== receiverOf(resources).id,
      );
      for (const id of others) {
        const env = resources[id]!.Properties.Environment as
          | { Variables?: Record<string, unknown> }
          | undefined;
        expect(env?.Variables?.WEBHOOK_BURST_SECONDS, id).toBeUndefined();
      }
    } finally {
      custom.cleanup();
    }
  });

  it('starts executions of the Onboard state machine and of nothing else', () => {
    const resources = synthesized.json.Resources;
    const [machine] = logicalIdsOfType(resources, 'AWS::StepFunctions::StateMachine');
    const starts = statementsOfRole(resources, receiverOf(resources).role).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('states:')),
    );
    expect(starts.map((statement) => [actionsOf(statement), resourcesOf(statement)])).toEqual([
      [['states:StartExecution'], [`<${machine}>`]],
    ]);
  });
});
