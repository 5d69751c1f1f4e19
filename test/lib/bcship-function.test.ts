import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../lambdas/operations/index.ts';
import { record } from '../../lambdas/operations/record.ts';
import { BcshipFunction, type FunctionResources } from '../../lib/bcship-function.ts';
import { loadProfiles } from '../../lib/profiles.ts';
import { RunArtifacts } from '../../lib/run-artifacts.ts';
import { PROJECT_ROOT } from '../../lib/settings.ts';
import { StoreRegistry } from '../../lib/store-registry.ts';
import { timeoutSecondsOf } from '../support/operations.ts';
import {
  actionsOf,
  defaultApp,
  logicalIdsOfType,
  resourcesOf,
  SKIP_BUNDLING,
  type Statement,
  type Synthesized,
  statementsOfRole,
  synthesize,
  temporaryDir,
} from './synth.ts';

interface FunctionUnderTest {
  operation: string;
  logicalId: string;
  properties: Record<string, unknown>;
  env: Record<string, string>;
  statements: Statement[];
}

// The default app, bundles included, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();
let functions: FunctionUnderTest[];
const byOperation = (operation: string): FunctionUnderTest => {
  const fn = functions.find((candidate) => candidate.operation === operation);
  if (!fn) throw new Error(`no function for ${operation}`);
  return fn;
};

const SECRETS_ARN = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';

beforeAll(() => {
  const resources = synthesized.json.Resources;
  functions = logicalIdsOfType(resources, 'AWS::Lambda::Function').map((logicalId) => {
    const properties = resources[logicalId]!.Properties;
    const env = (properties.Environment as { Variables: Record<string, string> }).Variables;
    const roleLogicalId = (properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return {
      operation: env.BCSHIP_OPERATION as string,
      logicalId,
      properties,
      env,
      statements: statementsOfRole(resources, roleLogicalId),
    };
  });
});

const statementsWithAction = (fn: FunctionUnderTest, action: string) =>
  fn.statements.filter((statement) => actionsOf(statement).includes(action));

describe('the functions', () => {
  it('are exactly one function per operation, each told its operation in BCSHIP_OPERATION', () => {
    // hand-off-apply exists with bcship:reconcileMode apply only (test/lib/reconcile-schedule.test.ts).
    const deployed = OPERATIONS.map((op) => op.name).filter((name) => name !== 'hand-off-apply');
    expect(functions.map((fn) => fn.operation).sort()).toEqual(deployed.sort());
  });

  it('run on Node.js 24 on arm64', () => {
    for (const fn of functions) {
      expect(fn.properties.Runtime, fn.operation).toBe('nodejs24.x');
      expect(fn.properties.Architectures, fn.operation).toEqual(['arm64']);
    }
  });

  it('trace actively with X-Ray', () => {
    for (const fn of functions) expect(fn.properties.TracingConfig, fn.operation).toEqual({ Mode: 'Active' });
  });

  it('log JSON into a log group of their own, kept for the configured retention', () => {
    const logGroups = functions.map((fn) => {
      const config = fn.properties.LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } };
      expect(config.LogFormat, fn.operation).toBe('JSON');
      const logGroup = synthesized.json.Resources[config.LogGroup.Ref]!;
      expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
      expect(logGroup.Properties.RetentionInDays, fn.operation).toBe(RetentionDays.ONE_MONTH);
      return config.LogGroup.Ref;
    });
    expect(new Set(logGroups).size).toBe(functions.length);
  });

  it('may write only to their own log group', () => {
    for (const fn of functions) {
      const logGroup = (fn.properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logStatements = fn.statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('logs:')),
      );
      expect(logStatements.length, fn.operation).toBeGreaterThan(0);
      for (const statement of logStatements) {
        expect(resourcesOf(statement), fn.operation).toEqual([`<${logGroup}.Arn>`]);
      }
    }
  });

  it('set their memory size and their operation timeout', () => {
    for (const fn of functions) {
      expect(fn.properties.MemorySize, fn.operation).toBe(256);
      expect(fn.properties.Timeout, fn.operation).toBe(timeoutSecondsOf(fn.operation));
    }
  });

  it('enable source maps and name the Powertools service and metrics namespace', () => {
    for (const fn of functions) {
      expect(fn.env, fn.operation).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'bcship',
        POWERTOOLS_METRICS_NAMESPACE: 'bcship',
      });
    }
  });

  it('ship a minified ESM bundle with its source map and a require shim', () => {
    for (const fn of functions) {
      expect(fn.properties.Handler, fn.operation).toBe('index.handler');
      const bundle = assetDir(fn);
      expect(fs.existsSync(path.join(bundle, 'index.mjs.map')), fn.operation).toBe(true);
      const code = fs.readFileSync(path.join(bundle, 'index.mjs'), 'utf8');
      expect(code.slice(0, 44), fn.operation).toBe("import { createRequire } from 'node:module';");
      expect(/export\s*\{[^}]*\bas handler\b/.test(code), fn.operation).toBe(true);
      expect(code.includes('module.exports'), fn.operation).toBe(false);
      // Minified: lines thousands of characters long, where readable code averages well under a hundred.
      expect(code.length / code.split('\n').length, fn.operation).toBeGreaterThan(500);
    }
  });

  it('bundle the deployed profiles into resolve-zones and reconcile-stores only', () => {
    const profilesJson = JSON.stringify(loadProfiles(path.join(PROJECT_ROOT, 'profiles')));
    const embeds = (operation: string) => {
      const code = fs.readFileSync(path.join(assetDir(byOperation(operation)), 'index.mjs'), 'utf8');
      // esbuild picks the quotes of the string literal; the JSON is either verbatim or escaped.
      return code.includes(profilesJson) || code.includes(JSON.stringify(profilesJson).slice(1, -1));
    };
    expect(profilesJson).toContain('"name":"us-standard"');
    expect(embeds('resolve-zones')).toBe(true);
    // Reconciliation skips a store whose registered profile is not among them.
    expect(embeds('reconcile-stores')).toBe(true);
    expect(embeds('verify-zones')).toBe(false);
    expect(embeds('receive-webhook')).toBe(false);
  });

  it('know the BigCommerce API URL exactly when they talk to BigCommerce', () => {
    const talking = functions.filter((fn) => fn.env.BC_API_URL !== undefined).map((fn) => fn.operation);
    expect(talking.sort()).toEqual([
      'app-callbacks',
      'apply-zone-methods',
      'connect-carriers',
      'probe-checkout',
      'resolve-zones',
      'rollback',
      'start-onboarding',
      'verify-zones',
    ]);
    expect(byOperation('verify-zones').env.BC_API_URL).toBe(
      'https://api.bigcommerce.com/stores/{storeHash}/v2',
    );
  });
});

describe('each environment variable comes with its grant', () => {
  it('STORE_SECRET_PREFIX goes with GetSecretValue on that prefix only', () => {
    for (const fn of functions) {
      const grants = statementsWithAction(fn, 'secretsmanager:GetSecretValue').flatMap(resourcesOf);
      // The app callbacks write the token an install brings and never read one (app-callbacks.test.ts).
      if (fn.env.STORE_SECRET_PREFIX === undefined || fn.operation === 'app-callbacks') {
        expect(grants, fn.operation).not.toContain(`${SECRETS_ARN}bcship/stores/*`);
      } else {
        expect(fn.env.STORE_SECRET_PREFIX).toBe('bcship/stores');
        expect(grants, fn.operation).toContain(`${SECRETS_ARN}bcship/stores/*`);
      }
    }
    expect(
      functions
        .filter((fn) => fn.env.STORE_SECRET_PREFIX)
        .map((fn) => fn.operation)
        .sort(),
    ).toEqual([
      'app-callbacks',
      'apply-zone-methods',
      'connect-carriers',
      'probe-checkout',
      'resolve-zones',
      'rollback',
      'start-onboarding',
      'verify-zones',
    ]);
  });

  it('CARRIER_SECRET_PREFIX goes to connect-carriers alone, with GetSecretValue on that prefix', () => {
    const carriers = byOperation('connect-carriers');
    expect(carriers.env.CARRIER_SECRET_PREFIX).toBe('bcship/carriers');
    expect(
      statementsWithAction(carriers, 'secretsmanager:GetSecretValue').flatMap(resourcesOf).sort(),
    ).toEqual([`${SECRETS_ARN}bcship/carriers/*`, `${SECRETS_ARN}bcship/stores/*`]);
    for (const fn of functions.filter((other) => other.operation !== 'connect-carriers')) {
      expect(fn.env.CARRIER_SECRET_PREFIX, fn.operation).toBeUndefined();
      const grants = statementsWithAction(fn, 'secretsmanager:GetSecretValue').flatMap(resourcesOf);
      expect(grants, fn.operation).not.toContain(`${SECRETS_ARN}bcship/carriers/*`);
    }
  });

  it('secret grants allow reading values and nothing else, but for the app callbacks storing store tokens', () => {
    for (const fn of functions) {
      for (const statement of fn.statements.filter((s) =>
        actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
      )) {
        const writes = actionsOf(statement).filter((action) => action !== 'secretsmanager:GetSecretValue');
        if (fn.operation === 'app-callbacks' && writes.length > 0) {
          expect(writes, fn.operation).toEqual([
            'secretsmanager:CreateSecret',
            'secretsmanager:PutSecretValue',
          ]);
          expect(resourcesOf(statement)).toEqual([`${SECRETS_ARN}bcship/stores/*`]);
        } else {
          expect(actionsOf(statement), fn.operation).toEqual(['secretsmanager:GetSecretValue']);
        }
      }
    }
  });

  it('REGISTRY_TABLE_NAME goes with item actions on that table only', () => {
    const [tableId] = logicalIdsOfType(synthesized.json.Resources, 'AWS::DynamoDB::Table');
    for (const fn of functions) {
      const dynamo = fn.statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
      );
      if (fn.env.REGISTRY_TABLE_NAME === undefined) {
        expect(dynamo, fn.operation).toEqual([]);
        continue;
      }
      expect(fn.env.REGISTRY_TABLE_NAME, fn.operation).toEqual({ Ref: tableId });
      for (const statement of dynamo) {
        for (const resource of resourcesOf(statement)) {
          expect([`<${tableId}.Arn>`, `<${tableId}.Arn>/index/byEntity`], fn.operation).toContain(resource);
        }
        expect(
          actionsOf(statement).every((action) =>
            ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].includes(
              action,
            ),
          ),
          fn.operation,
        ).toBe(true);
      }
    }
  });

  it.each([
    // Takes the lease (a conditional put) or reads its holder, reads the store; registering is Record's.
    ['resolve-zones', ['dynamodb:GetItem', 'dynamodb:PutItem']],
    ['connect-carriers', ['dynamodb:PutItem', 'dynamodb:UpdateItem']],
    ['apply-zone-methods', ['dynamodb:PutItem', 'dynamodb:UpdateItem']],
    // Reads who holds the store's lease, where its reads happen: a verify never reads a half-applied store.
    ['verify-zones', ['dynamodb:GetItem']],
    ['record', ['dynamodb:PutItem', 'dynamodb:UpdateItem']],
    // Reads the journal of a run whose rollback failed too, to list what is not undone.
    ['record-failure', ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
    ['rollback', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
    // Lists through the index, keeps the slot's cursor; claims each store's run of the slot.
    ['reconcile-stores', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['start-reconciliations', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
    ['receive-webhook', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
    ['release-lease', ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
  ] as const)('%s may use exactly the registry actions its operation calls', (operation, expected) => {
    const actions = byOperation(operation)
      .statements.flatMap(actionsOf)
      .filter((action) => action.startsWith('dynamodb:'));
    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it('only reconcile-stores may query the byEntity index, to list the stores', () => {
    const querying = functions.filter((fn) =>
      fn.statements.flatMap(resourcesOf).some((resource) => resource.endsWith('/index/byEntity')),
    );
    expect(querying.map((fn) => fn.operation)).toEqual(['reconcile-stores']);
    const indexStatements = byOperation('reconcile-stores').statements.filter((statement) =>
      resourcesOf(statement).some((resource) => resource.endsWith('/index/byEntity')),
    );
    expect(indexStatements.flatMap(actionsOf)).toEqual(['dynamodb:Query']);
  });

  it('EVENT_BUS_NAME goes with events:PutEvents on that bus, for the functions that publish only', () => {
    const [busId] = logicalIdsOfType(synthesized.json.Resources, 'AWS::Events::EventBus');
    const publishing = functions.filter((fn) => fn.env.EVENT_BUS_NAME !== undefined);
    expect(publishing.map((fn) => fn.operation).sort()).toEqual([
      'app-callbacks',
      'receive-webhook',
      'record',
      'record-failure',
      'release-lease',
    ]);
    for (const fn of functions) {
      const grants = statementsWithAction(fn, 'events:PutEvents');
      if (fn.env.EVENT_BUS_NAME === undefined) {
        expect(grants, fn.operation).toEqual([]);
      } else {
        expect(fn.env.EVENT_BUS_NAME, fn.operation).toEqual({ Ref: busId });
        expect(grants.flatMap(resourcesOf), fn.operation).toEqual([`<${busId}.Arn>`]);
      }
    }
  });

  it.each([
    ['STATE_MACHINE_ARN', 'STANDARD', ['app-callbacks', 'receive-webhook', 'start-onboarding']],
    ['RECONCILE_STATE_MACHINE_ARN', 'EXPRESS', ['start-reconciliations']],
  ] as const)(
    '%s goes with states:StartExecution on the %s state machine only, for its starters only',
    (variable, type, starters) => {
      const resources = synthesized.json.Resources;
      const machineId = logicalIdsOfType(resources, 'AWS::StepFunctions::StateMachine').find(
        (id) => resources[id]!.Properties.StateMachineType === type,
      );
      const starting = functions.filter((fn) => fn.env[variable] !== undefined);
      expect(starting.map((fn) => fn.operation).sort()).toEqual(starters);
      for (const fn of starting) {
        const stateActions = fn.statements.filter((statement) =>
          actionsOf(statement).some((action) => action.startsWith('states:')),
        );
        expect(fn.env[variable], fn.operation).toEqual({ Ref: machineId });
        expect(stateActions.flatMap(actionsOf), fn.operation).toEqual(['states:StartExecution']);
        expect(stateActions.flatMap(resourcesOf), fn.operation).toEqual([`<${machineId}>`]);
      }
      const others = functions.filter(
        (fn) => fn.env.STATE_MACHINE_ARN === undefined && fn.env.RECONCILE_STATE_MACHINE_ARN === undefined,
      );
      for (const fn of others) {
        expect(
          fn.statements.flatMap(actionsOf).filter((action) => action.startsWith('states:')),
          fn.operation,
        ).toEqual([]);
      }
    },
  );

  it('WEBHOOK_SECRET_NAME goes to receive-webhook alone, with GetSecretValue on that one secret', () => {
    const receiver = byOperation('receive-webhook');
    expect(receiver.env.WEBHOOK_SECRET_NAME).toBe('bcship/webhooks/client-secret');
    // `-??????` is Secrets Manager's random suffix: exactly six characters, so no longer name matches.
    expect(statementsWithAction(receiver, 'secretsmanager:GetSecretValue').flatMap(resourcesOf)).toEqual([
      `${SECRETS_ARN}bcship/webhooks/client-secret-??????`,
    ]);
    for (const fn of functions.filter((other) => other.operation !== 'receive-webhook')) {
      expect(fn.env.WEBHOOK_SECRET_NAME, fn.operation).toBeUndefined();
      const grants = statementsWithAction(fn, 'secretsmanager:GetSecretValue').flatMap(resourcesOf);
      expect(
        grants.some((grant) => grant.includes('bcship/webhooks')),
        fn.operation,
      ).toBe(false);
    }
  });

  it('no statement grants "*" except the X-Ray actions, which have no resource-level permissions', () => {
    for (const fn of functions) {
      for (const statement of fn.statements.filter((s) => resourcesOf(s).includes('*'))) {
        expect(actionsOf(statement).sort(), fn.operation).toEqual([
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ]);
      }
    }
  });
});

describe('context', () => {
  it('secret prefixes from context reach both the environment and the grant', () => {
    const custom = synthesize({
      ...SKIP_BUNDLING,
      'bcship:storeSecretPrefix': 'acme/bc/stores',
      'bcship:carrierSecretPrefix': 'acme/bc/carriers',
    });
    try {
      const resources = custom.json.Resources;
      const connect = logicalIdsOfType(resources, 'AWS::Lambda::Function')
        .map((id) => resources[id]!.Properties)
        .find(
          (properties) =>
            (properties.Environment as { Variables: Record<string, string> }).Variables.BCSHIP_OPERATION ===
            'connect-carriers',
        )!;
      const env = (connect.Environment as { Variables: Record<string, string> }).Variables;
      expect(env).toMatchObject({
        STORE_SECRET_PREFIX: 'acme/bc/stores',
        CARRIER_SECRET_PREFIX: 'acme/bc/carriers',
      });
      const role = (connect.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const grants = statementsOfRole(resources, role)
        .filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'))
        .flatMap(resourcesOf);
      expect(grants.sort()).toEqual([`${SECRETS_ARN}acme/bc/carriers/*`, `${SECRETS_ARN}acme/bc/stores/*`]);
    } finally {
      custom.cleanup();
    }
  });
});

describe('BcshipFunction.useRegistry', () => {
  it('grants Query on the named indexes only, and only to readers', () => {
    const outdir = temporaryDir('bcship-cdk-');
    const app = new App({ context: SKIP_BUNDLING, outdir });
    const stack = new Stack(app, 'RegistryIndexes');
    const registry = new StoreRegistry(stack, 'Registry');
    const resources: FunctionResources = {
      registry,
      bus: new EventBus(stack, 'Bus'),
      runArtifacts: new RunArtifacts(stack, 'RunArtifacts').bucket,
      storeSecretPrefix: 'bcship/stores',
      carrierSecretPrefix: 'bcship/carriers',
      bigcommerceApiUrl: 'https://api.bigcommerce.com/stores/{storeHash}/v2',
      webhookSecretName: 'bcship/webhooks/client-secret',
      webhookBurstSeconds: 60,
      appSecretName: 'bcship/app/credentials',
      oauthBaseUrl: 'https://login.bigcommerce.com',
      profilesDefine: {},
      memorySize: 128,
      logRetention: RetentionDays.ONE_DAY,
    };
    // record writes to the registry without its indexes; each function then asks for more.
    const options = { operation: record, resources };
    new BcshipFunction(stack, 'Reader', options).useRegistry(registry.table, 'read', registry.indexNames);
    new BcshipFunction(stack, 'Writer', options).useRegistry(registry.table, 'write', registry.indexNames);
    const json = Template.fromStack(stack).toJSON() as Synthesized['json'];
    const tableId = logicalIdsOfType(json.Resources, 'AWS::DynamoDB::Table')[0]!;
    const roleOf = (prefix: string) =>
      logicalIdsOfType(json.Resources, 'AWS::IAM::Role').find((id) => id.startsWith(prefix))!;
    const indexResources = (role: string) =>
      statementsOfRole(json.Resources, role)
        .flatMap(resourcesOf)
        .filter((resource) => resource.includes('/index/'));
    expect(indexResources(roleOf('ReaderRole'))).toEqual([`<${tableId}.Arn>/index/byEntity`]);
    expect(indexResources(roleOf('WriterRole'))).toEqual([]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

function assetDir(fn: FunctionUnderTest): string {
  const key = (fn.properties.Code as { S3Key: string }).S3Key;
  return path.join(synthesized.assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
}
