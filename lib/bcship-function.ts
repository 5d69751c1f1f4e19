/**
 * A Lambda function with the house defaults baked in: Node.js 24 on arm64, an ESM bundle built locally by
 * esbuild (never Docker), source maps, X-Ray, JSON logs in an explicit log group with retention, and a role
 * that starts empty. Configuration is added with `use*` methods that set an environment variable and grant
 * exactly what reading it requires, so a function can never know a name it may not use (or the reverse).
 */
import * as path from 'node:path';
import { Aws, type Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type FunctionOperation, handlerEntry } from './operations.ts';
import { PROJECT_ROOT } from './settings.ts';

export interface BcshipFunctionProps {
  operation: FunctionOperation;
  timeout: Duration;
  memorySize: number;
  logRetention: logs.RetentionDays;
  /** Compile-time constants for the bundle (esbuild `define`). */
  define?: Record<string, string>;
  /** Where asynchronous invocations that failed every attempt go. */
  deadLetterQueue?: sqs.IQueue;
}

export type RegistryAccess = 'read' | 'write' | 'read-write';

/** An item action of the registry adapter, for a function that needs fewer than a RegistryAccess grants. */
export type RegistryAction = (typeof REGISTRY_READ_ACTIONS)[number] | (typeof REGISTRY_WRITE_ACTIONS)[number];

/** The item actions the registry adapters (`lambdas/platform/aws-store-registry.ts`, `aws-lease.ts`,
 * `aws-journal.ts`) issue: no scans, no batches, no deletes (old runs and journal entries expire through
 * `ttl`), and nothing on the table itself. */
export const REGISTRY_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
export const REGISTRY_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'] as const;

// ESM bundles have no `require`; some dependencies still call it for Node built-ins.
const REQUIRE_SHIM =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

export class BcshipFunction extends nodejs.NodejsFunction {
  readonly operation: FunctionOperation;
  readonly functionLogGroup: logs.LogGroup;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: BcshipFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: props.logRetention });
    // A role of our own instead of the AWSLambdaBasicExecutionRole managed policy, which allows writing to
    // every log group in the account: this one may write to its own log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `bcship ${props.operation} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: handlerEntry(props.operation),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'bcship',
        POWERTOOLS_METRICS_NAMESPACE: 'bcship',
        BCSHIP_OPERATION: props.operation,
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        // The runtime provides AWS SDK v3; bundling it would only grow the package.
        externalModules: ['@aws-sdk/*'],
        define: props.define ?? {},
      },
    });
    this.operation = props.operation;
    this.functionLogGroup = logGroup;
    this.executionRole = role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; AWS requires "*". Every other statement of this role names its resources.',
    });
  }

  /** Store API tokens and store-specific carrier secrets: `{prefix}/{storeHash}[/carriers/{carrierId}]`. */
  useStoreSecrets(prefix: string): this {
    return this.useSecretPrefix('STORE_SECRET_PREFIX', prefix);
  }

  /** Shared carrier connection fields: `{prefix}/{carrierId}`. */
  useCarrierSecrets(prefix: string): this {
    return this.useSecretPrefix('CARRIER_SECRET_PREFIX', prefix);
  }

  /** The registry table: `access` grants its reads, its writes or both; a list grants exactly those actions. */
  useRegistry(
    table: dynamodb.ITable,
    access: RegistryAccess | readonly RegistryAction[],
    indexNames: readonly string[] = [],
  ): this {
    this.addEnvironment('REGISTRY_TABLE_NAME', table.tableName);
    const actions: string[] =
      typeof access === 'string'
        ? [
            ...(access !== 'write' ? REGISTRY_READ_ACTIONS : []),
            ...(access !== 'read' ? REGISTRY_WRITE_ACTIONS : []),
          ]
        : [...access];
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
    if (actions.includes('dynamodb:Query') && indexNames.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexNames.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    return this;
  }

  useEvents(bus: events.IEventBus): this {
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    bus.grantPutEventsTo(this);
    return this;
  }

  /** Starting executions of one state machine, and nothing else on it. */
  useStateMachine(stateMachine: sfn.IStateMachine): this {
    this.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    stateMachine.grantStartExecution(this);
    return this;
  }

  /** The app's client secret, which keys webhook signatures: one secret, by name. */
  useWebhookSecret(secretName: string): this {
    this.addEnvironment('WEBHOOK_SECRET_NAME', secretName);
    // A secret's ARN ends in `-` and six random characters: `?` matches exactly one, so no other secret whose
    // name merely starts with this one is covered.
    const secretArn = `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretName}-??????`;
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }),
    );
    return this;
  }

  /** The BigCommerce API base URL; `{storeHash}` is replaced per store. Needs no grant: the token comes from
   * the store secrets. */
  useBigCommerce(apiUrl: string): this {
    this.addEnvironment('BC_API_URL', apiUrl);
    return this;
  }

  private useSecretPrefix(variable: string, prefix: string): this {
    this.addEnvironment(variable, prefix);
    // Pseudo parameters rather than the stack's region and account, so the ARN (and the finding acknowledged
    // below) reads the same whether or not the stack has an explicit environment.
    const secretsArn = `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${prefix}/*`;
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretsArn] }),
    );
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}/*]`,
      reason: `Secrets are per store or per carrier (${prefix}/{id}) and their ARNs end in a random suffix, so the name prefix can only be granted with a wildcard. Only secretsmanager:GetSecretValue, only under ${prefix}/.`,
    });
    return this;
  }
}
