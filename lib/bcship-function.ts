/**
 * A Lambda function with the house defaults baked in: Node.js 24 on arm64, an ESM bundle built locally by
 * esbuild (never Docker), source maps, X-Ray, JSON logs in an explicit log group with retention, and a role
 * that starts empty. The operation's `uses` become its configuration: each `use*` method sets an environment
 * variable and grants exactly what reading it requires, so a function can never know a name it may not use
 * (or the reverse).
 */
import * as path from 'node:path';
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type {
  AnyOperation,
  ArtifactAccess,
  OperationUses,
  RegistryAccess,
  RegistryAction,
} from '../lambdas/operations/operation.ts';
import { ENV, METRICS_NAMESPACE, SERVICE_NAME } from '../lambdas/platform/environment.ts';
import { lambdaEntry } from './lambda-entry.ts';
import { PROJECT_ROOT } from './settings.ts';
import type { StoreRegistry } from './store-registry.ts';

/** What an operation's `uses` may name, as the stack has them. */
export interface FunctionResources {
  registry: StoreRegistry;
  bus: events.IEventBus;
  /** The run artifacts bucket (lib/run-artifacts.ts). */
  runArtifacts: s3.IBucket;
  storeSecretPrefix: string;
  carrierSecretPrefix: string;
  bigcommerceApiUrl: string;
  webhookSecretName: string;
  /** How long a webhook run waits before it reads its store (`bcship:webhookBurstSeconds`). */
  webhookBurstSeconds: number;
  /** The app's `{ clientId, clientSecret }` secret. */
  appSecretName: string;
  /** The OAuth token endpoint's base URL. */
  oauthBaseUrl: string;
  /** esbuild `define` carrying the deployed profiles and assignment rules. */
  profilesDefine: Record<string, string>;
  /** The Onboard state machine, for the functions that start it (absent while it is being built). */
  stateMachine?: sfn.IStateMachine;
  /** Scheduled reconciliation's Express state machine, queue and pace (absent while they are being built). */
  reconcile?: {
    stateMachine?: sfn.IStateMachine;
    queue?: sqs.IQueue;
    concurrency: number;
    startsPerSecond: number;
  };
  memorySize: number;
  logRetention: logs.RetentionDays;
}

export interface BcshipFunctionProps {
  operation: AnyOperation;
  resources: FunctionResources;
  /** Where asynchronous invocations that failed every attempt go. */
  deadLetterQueue?: sqs.IQueue;
  /** Reserved concurrency: the most instances at once, and never fewer available to it. */
  reservedConcurrentExecutions?: number;
}

/** The item actions the registry adapters (`lambdas/platform/aws-store-registry.ts`, `aws-lease.ts`,
 * `aws-journal.ts`) issue: no scans, no batches, no deletes (old runs and journal entries expire through
 * `ttl`), and nothing on the table itself. */
const REGISTRY_READ_ACTIONS: readonly RegistryAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];
const REGISTRY_WRITE_ACTIONS: readonly RegistryAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

// ESM bundles have no `require`; some dependencies still call it for Node built-ins.
const REQUIRE_SHIM =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

export class BcshipFunction extends nodejs.NodejsFunction {
  readonly operation: AnyOperation;
  readonly functionLogGroup: logs.LogGroup;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: BcshipFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: props.resources.logRetention });
    // A role of our own instead of the AWSLambdaBasicExecutionRole managed policy, which allows writing to
    // every log group in the account: this one may write to its own log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `bcship ${props.operation.name} function`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: lambdaEntry(props.operation),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.resources.memorySize,
      timeout: Duration.seconds(props.operation.timeoutSeconds),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.serviceName]: SERVICE_NAME,
        [ENV.metricsNamespace]: METRICS_NAMESPACE,
        [ENV.operation]: props.operation.name,
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
        define: props.operation.uses.deployedProfiles ? props.resources.profilesDefine : {},
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
    this.grantUses(props.operation.uses, props.resources);
  }

  /** Configuration and grants for what the operation declares it uses, in a fixed order. */
  private grantUses(uses: OperationUses, resources: FunctionResources): void {
    if (uses.webhookSecret) this.useWebhookSecret(resources.webhookSecretName);
    // Its pending-run items are on the registry table, granted with `registry`.
    if (uses.webhookBursts)
      this.addEnvironment(ENV.webhookBurstSeconds, String(resources.webhookBurstSeconds));
    if (uses.appSecret) this.useAppSecret(resources.appSecretName, resources.oauthBaseUrl);
    if (uses.storeSecrets) this.useStoreSecrets(resources.storeSecretPrefix);
    if (uses.storeTokenWrites) this.useStoreTokenWrites(resources.storeSecretPrefix);
    if (uses.carrierSecrets) this.useCarrierSecrets(resources.carrierSecretPrefix);
    if (uses.bigcommerce || uses.assignments) this.useBigCommerce(resources.bigcommerceApiUrl);
    if (uses.registry) {
      const indexes = uses.registryIndexes ? resources.registry.indexNames : [];
      this.useRegistry(resources.registry.table, uses.registry, indexes);
    }
    if (uses.startExecutions) {
      if (!resources.stateMachine) {
        throw new Error(`${this.operation.name} starts executions, but no state machine was given to it`);
      }
      this.useStateMachine(resources.stateMachine);
    }
    if (uses.events) this.useEvents(resources.bus);
    if (uses.artifacts) this.useRunArtifacts(resources.runArtifacts, uses.artifacts);
    if (uses.reconcileQueue) {
      const queue = resources.reconcile?.queue;
      if (!queue)
        throw new Error(`${this.operation.name} queues reconciliations, but no queue was given to it`);
      this.addEnvironment(ENV.reconcileQueueUrl, queue.queueUrl);
      queue.grantSendMessages(this);
    }
    if (uses.startReconcileRuns) this.useReconcileRuns(resources.reconcile);
  }

  /** Starting runs of the Express state machine, at the fleet's pace (its share of it: see start-reconciliations). */
  private useReconcileRuns(reconcile: FunctionResources['reconcile']): void {
    if (!reconcile?.stateMachine) {
      throw new Error(
        `${this.operation.name} starts reconciliation runs, but no state machine was given to it`,
      );
    }
    this.addEnvironment(ENV.reconcileStateMachineArn, reconcile.stateMachine.stateMachineArn);
    this.addEnvironment(ENV.reconcileConcurrency, String(reconcile.concurrency));
    this.addEnvironment(ENV.reconcileStartsPerSecond, String(reconcile.startsPerSecond));
    reconcile.stateMachine.grantStartExecution(this);
  }

  /** Store API tokens and store-specific carrier secrets: `{prefix}/{storeHash}[/carriers/{carrierId}]`. */
  useStoreSecrets(prefix: string): this {
    return this.useSecretPrefix(ENV.storeSecretPrefix, prefix);
  }

  /** Shared carrier connection fields: `{prefix}/{carrierId}`. */
  useCarrierSecrets(prefix: string): this {
    return this.useSecretPrefix(ENV.carrierSecretPrefix, prefix);
  }

  /** The registry table: `access` grants its reads, its writes or both; a list grants exactly those actions. */
  useRegistry(table: dynamodb.ITable, access: RegistryAccess, indexNames: readonly string[] = []): this {
    this.addEnvironment(ENV.registryTableName, table.tableName);
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

  /**
   * The run artifacts under `runs/`: GetObject where the operation reads them, PutObject where it writes them. Nothing lists,
   * deletes or reads the bucket's configuration (objects expire by the bucket's lifecycle rule).
   */
  useRunArtifacts(bucket: s3.IBucket, access: ArtifactAccess): this {
    this.addEnvironment(ENV.runArtifactsBucket, bucket.bucketName);
    const actions = [
      ...(access !== 'write' ? ['s3:GetObject'] : []),
      ...(access !== 'read' ? ['s3:PutObject'] : []),
    ];
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [bucket.arnForObjects('runs/*')] }));
    const stack = Stack.of(this);
    const bucketId = stack.resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/runs/*]`,
      reason:
        'Run artifacts are runs/<executionId>/<key>.json, one set per execution, so their keys are not known in advance: the runs/ prefix is granted with a wildcard, for s3:GetObject and s3:PutObject only, each where the operation uses it.',
    });
    return this;
  }

  useEvents(bus: events.IEventBus): this {
    this.addEnvironment(ENV.eventBusName, bus.eventBusName);
    bus.grantPutEventsTo(this);
    return this;
  }

  /** Starting executions of one state machine, and nothing else on it. */
  useStateMachine(stateMachine: sfn.IStateMachine): this {
    this.addEnvironment(ENV.stateMachineArn, stateMachine.stateMachineArn);
    stateMachine.grantStartExecution(this);
    return this;
  }

  /** The app's client secret, which keys webhook signatures: one secret, by name. */
  useWebhookSecret(secretName: string): this {
    return this.useOneSecret(ENV.webhookSecretName, secretName);
  }

  /** The app's OAuth credentials, one secret by name, and the token endpoint they are sent to. */
  useAppSecret(secretName: string, oauthBaseUrl: string): this {
    this.addEnvironment(ENV.loginUrl, oauthBaseUrl);
    return this.useOneSecret(ENV.appSecretName, secretName);
  }

  /**
   * Creating store token secrets and putting new values into them: under the store prefix only, and nothing
   * that deletes, reads policies or changes anything else of a secret.
   */
  useStoreTokenWrites(prefix: string): this {
    this.addEnvironment(ENV.storeSecretPrefix, prefix);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue'],
        resources: [this.secretPrefixArn(prefix)],
      }),
    );
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}/*]`,
      reason: `A store's token secret is ${prefix}/{storeHash}, created on the store's first install, so its ARN (with a random suffix) is not known in advance: the prefix is granted with a wildcard, for secretsmanager:GetSecretValue, CreateSecret and PutSecretValue only.`,
    });
    return this;
  }

  private useOneSecret(variable: string, secretName: string): this {
    this.addEnvironment(variable, secretName);
    // A secret's ARN ends in `-` and six random characters: `?` matches exactly one, so no other secret whose
    // name merely starts with this one is covered.
    const secretArn = `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${secretName}-??????`;
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }),
    );
    return this;
  }

  private secretPrefixArn(prefix: string): string {
    // Pseudo parameters rather than the stack's region and account, so the ARN (and the finding acknowledged
    // for it) reads the same whether or not the stack has an explicit environment.
    return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${prefix}/*`;
  }

  /** The BigCommerce API base URL; `{storeHash}` is replaced per store. Needs no grant: the token comes from
   * the store secrets. */
  useBigCommerce(apiUrl: string): this {
    this.addEnvironment(ENV.bigcommerceApiUrl, apiUrl);
    return this;
  }

  private useSecretPrefix(variable: string, prefix: string): this {
    this.addEnvironment(variable, prefix);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secretPrefixArn(prefix)],
      }),
    );
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${prefix}/*]`,
      reason: `Secrets are per store or per carrier (${prefix}/{id}) and their ARNs end in a random suffix, so the name prefix can only be granted with a wildcard. Only secretsmanager:GetSecretValue, only under ${prefix}/.`,
    });
    return this;
  }
}
