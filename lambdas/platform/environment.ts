/**
 * Names that cross from the stack to the functions: each environment variable is set by `lib/` next to the
 * IAM grant it belongs to and read here, so both sides spell it from this one list.
 */
export const ENV = {
  /** The operation a function runs; how a synthesized Task is mapped back to its code. */
  operation: 'BCSHIP_OPERATION',
  storeSecretPrefix: 'STORE_SECRET_PREFIX',
  carrierSecretPrefix: 'CARRIER_SECRET_PREFIX',
  registryTableName: 'REGISTRY_TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** The read-only Express state machine that scheduled reconciliation runs. */
  reconcileStateMachineArn: 'RECONCILE_STATE_MACHINE_ARN',
  reconcileQueueUrl: 'RECONCILE_QUEUE_URL',
  /** The fleet's StartExecution rate and the concurrency of start-reconciliations, which share it. */
  reconcileStartsPerSecond: 'RECONCILE_STARTS_PER_SECOND',
  reconcileConcurrency: 'RECONCILE_CONCURRENCY',
  /** The bucket keeping each run's documents beside its state (resolved profile, changes, report). */
  runArtifactsBucket: 'RUN_ARTIFACTS_BUCKET',
  webhookSecretName: 'WEBHOOK_SECRET_NAME',
  /** How long a webhook run waits, gathering its store's burst of deliveries (seconds). */
  webhookBurstSeconds: 'WEBHOOK_BURST_SECONDS',
  /** The app's `{ clientId, clientSecret }`. */
  appSecretName: 'APP_SECRET_NAME',
  /** The OAuth token endpoint's base URL. The CLI reads the same variable. */
  loginUrl: 'BC_LOGIN_URL',
  /** The BigCommerce API base URL; may hold `{storeHash}`. The CLI reads the same variable. */
  bigcommerceApiUrl: 'BC_API_URL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** The Powertools service name and metrics namespace of every function. */
export const SERVICE_NAME = 'bcship';
export const METRICS_NAMESPACE = 'bcship';

/** Reads configuration that CDK sets next to the IAM grant it belongs to. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `Environment variable ${name} is not set; the stack sets it on every function that needs it`,
    );
  }
  return value;
}
