/**
 * The app's callbacks and onboarding events in the synthesized template: the public Function URL with its
 * reserved concurrency, the secret grants (the app secret by name, store tokens under the store prefix), and
 * the rule on the bcship bus. cdk-nag and cfn-lint run over the same template in app.test.ts and
 * cfn-lint.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/settings.ts';
import {
  actionsOf,
  defaultApp,
  logicalIdsOfType,
  resourcesOf,
  SKIP_BUNDLING,
  type Synthesized,
  statementsOfRole,
  synthesize,
  temporaryDir,
} from './synth.ts';

const synthesized = defaultApp();
type Resources = Synthesized['json']['Resources'];

const functionOf = (resources: Resources, operation: string) => {
  const id = logicalIdsOfType(resources, 'AWS::Lambda::Function').find(
    (candidate) =>
      (resources[candidate]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables
        .BCSHIP_OPERATION === operation,
  )!;
  const properties = resources[id]!.Properties;
  return {
    id,
    properties,
    env: (properties.Environment as { Variables: Record<string, unknown> }).Variables,
    role: (properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
  };
};

/** Each secretsmanager action granted, with each resource it is granted on: `action on resource`, sorted. */
const secretGrants = (resources: Resources, role: string): string[] =>
  statementsOfRole(resources, role)
    .flatMap((statement) =>
      actionsOf(statement)
        .filter((action) => action.startsWith('secretsmanager:'))
        .flatMap((action) => resourcesOf(statement).map((resource) => `${action} on ${resource}`)),
    )
    .sort();

const ARN = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';

describe('the app callbacks', () => {
  it('are reached through their own Function URL without IAM auth', () => {
    const resources = synthesized.json.Resources;
    const { id } = functionOf(resources, 'app-callbacks');
    const urls = logicalIdsOfType(resources, 'AWS::Lambda::Url').filter((url) =>
      JSON.stringify(resources[url]!.Properties).includes(id),
    );
    expect(urls.map((url) => resources[url]!.Properties)).toEqual([
      { AuthType: 'NONE', TargetFunctionArn: { 'Fn::GetAtt': [id, 'Arn'] } },
    ]);
    expect((synthesized.template.toJSON().Outputs as Record<string, unknown>).AppCallbackUrl).toBeDefined();
  });

  it('have reserved concurrency, 5 by default and as bcship:appCallbacksConcurrency says', () => {
    expect(
      functionOf(synthesized.json.Resources, 'app-callbacks').properties.ReservedConcurrentExecutions,
    ).toBe(5);
    const custom = synthesize({ ...SKIP_BUNDLING, 'bcship:appCallbacksConcurrency': 12 });
    try {
      expect(functionOf(custom.json.Resources, 'app-callbacks').properties.ReservedConcurrentExecutions).toBe(
        12,
      );
    } finally {
      custom.cleanup();
    }
  });

  it('read the app secret by name and write store tokens under the store prefix, reading none', () => {
    const resources = synthesized.json.Resources;
    const callbacks = functionOf(resources, 'app-callbacks');
    expect(callbacks.env).toMatchObject({
      APP_SECRET_NAME: 'bcship/app/credentials',
      BC_LOGIN_URL: 'https://login.bigcommerce.com',
      STORE_SECRET_PREFIX: 'bcship/stores',
    });
    expect(secretGrants(resources, callbacks.role)).toEqual([
      `secretsmanager:CreateSecret on ${ARN}bcship/stores/*`,
      `secretsmanager:GetSecretValue on ${ARN}bcship/app/credentials-??????`,
      `secretsmanager:PutSecretValue on ${ARN}bcship/stores/*`,
    ]);
  });

  it('follow the configured secret names and token endpoint', () => {
    const custom = synthesize({
      ...SKIP_BUNDLING,
      'bcship:appSecretName': 'acme/bc/app',
      'bcship:storeSecretPrefix': 'acme/stores',
      'bcship:oauthBaseUrl': 'https://login.example.test',
    });
    try {
      const callbacks = functionOf(custom.json.Resources, 'app-callbacks');
      expect(callbacks.env).toMatchObject({
        APP_SECRET_NAME: 'acme/bc/app',
        BC_LOGIN_URL: 'https://login.example.test',
      });
      expect(secretGrants(custom.json.Resources, callbacks.role)).toEqual([
        `secretsmanager:CreateSecret on ${ARN}acme/stores/*`,
        `secretsmanager:GetSecretValue on ${ARN}acme/bc/app-??????`,
        `secretsmanager:PutSecretValue on ${ARN}acme/stores/*`,
      ]);
    } finally {
      custom.cleanup();
    }
  });

  it('no other function may write a secret', () => {
    const resources = synthesized.json.Resources;
    const writers = logicalIdsOfType(resources, 'AWS::IAM::Policy').filter((policy) =>
      JSON.stringify(resources[policy]!.Properties).match(/secretsmanager:(CreateSecret|PutSecretValue)/),
    );
    const callbacksRole = functionOf(resources, 'app-callbacks').role;
    expect(writers.map((policy) => JSON.stringify(resources[policy]!.Properties.Roles))).toEqual([
      JSON.stringify([{ Ref: callbacksRole }]),
    ]);
  });
});

describe('the onboard-requested rule', () => {
  it('sends bcship.store.onboard-requested events on the bcship bus to start-onboarding, with a dead-letter queue', () => {
    const resources = synthesized.json.Resources;
    const starter = functionOf(resources, 'start-onboarding');
    const [bus] = logicalIdsOfType(resources, 'AWS::Events::EventBus');
    const rules = logicalIdsOfType(resources, 'AWS::Events::Rule')
      .map((rule) => resources[rule]!.Properties)
      .filter((rule) => JSON.stringify(rule.EventPattern).includes('bcship.store.onboard-requested'));
    expect(rules).toHaveLength(1);
    const [rule] = rules as [Record<string, unknown>];
    expect(rule.EventBusName).toEqual({ Ref: bus });
    expect(rule.EventPattern).toEqual({ 'detail-type': ['bcship.store.onboard-requested'] });
    const [target] = rule.Targets as Record<string, unknown>[];
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [starter.id, 'Arn'] });
    expect(target?.DeadLetterConfig).toBeDefined();
    expect(starter.properties.DeadLetterConfig).toBeDefined();
  });

  it('start-onboarding reads store tokens but writes no secret', () => {
    const resources = synthesized.json.Resources;
    expect(secretGrants(resources, functionOf(resources, 'start-onboarding').role)).toEqual([
      `secretsmanager:GetSecretValue on ${ARN}bcship/stores/*`,
    ]);
  });
});

describe('assignment rules at synthesis', () => {
  it('a rule naming a profile that is not deployed fails synthesis, naming it', () => {
    const dir = temporaryDir('bcship-profiles-');
    try {
      fs.copyFileSync(
        path.join(PROJECT_ROOT, 'profiles', 'flat-rate.yaml'),
        path.join(dir, 'flat-rate.yaml'),
      );
      fs.writeFileSync(
        path.join(dir, 'assignments.yaml'),
        'default: flat-rate\nrules:\n  - profile: ca-post\n    when: { country: CA }\n',
      );
      expect(() => synthesize({ ...SKIP_BUNDLING, 'bcship:profilesDir': dir })).toThrow(
        /rules\[0\]\.profile: no profile named "ca-post"; known profiles: flat-rate/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
