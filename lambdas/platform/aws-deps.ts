/**
 * The ports on AWS, configured from the environment variables the stack sets. Reaching a port reads its
 * variables (each comes with its IAM grant), so a missing one fails at once with an error naming it; the
 * adapter and its AWS SDK client are made on the port's first call, so a function loads only the SDK clients
 * it actually uses, and none of them before it needs one (cold starts stay short).
 */
import { createCheckoutClient } from '../bigcommerce/checkout-client.ts';
import { createShippingClient, type ShippingClientOptions } from '../bigcommerce/client.ts';
import { createDocumentClient, type RegistryTable } from './aws-document-client.ts';
import { createEventBridgeEvents } from './aws-events.ts';
import { createStepFunctionsStarter } from './aws-execution-starter.ts';
import { createDynamoJournal } from './aws-journal.ts';
import { createDynamoLease } from './aws-lease.ts';
import { createDynamoReconcileProgress } from './aws-reconcile-progress.ts';
import { createSqsReconcileQueue } from './aws-reconcile-queue.ts';
import { createS3RunArtifacts } from './aws-run-artifacts.ts';
import { createSecretsManagerSecrets } from './aws-secrets.ts';
import { createDynamoStoreRegistry } from './aws-store-registry.ts';
import { ENV, requireEnv } from './environment.ts';
import type {
  Deps,
  EventsPort,
  ExecutionStarterPort,
  JournalPort,
  LeasePort,
  ProfileSource,
  ReconcilePorts,
  ReconcileProgressPort,
  ReconcileQueuePort,
  RunArtifactsPort,
  SecretsPort,
  StoreRegistryPort,
  TriggerDeps,
} from './ports.ts';
import { shippedProfiles } from './profiles.ts';
import { countBigCommerceResponse } from './response-metrics.ts';

/** Every port an operation can use; each operation's `run` declares the few it reads. */
export interface AwsDeps extends Deps, TriggerDeps, ReconcilePorts {}

export const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

/**
 * A port whose adapter is built on the first call of any of its methods (every port method is async). Not a
 * thenable, so awaiting or returning the port itself never starts the build.
 */
function lazyPort<Port extends object>(build: () => Promise<Port>): Port {
  const port = once(build);
  return new Proxy({} as Port, {
    get: (_target, method) =>
      method === 'then'
        ? undefined
        : async (...args: unknown[]) => {
            const adapter = await port();
            return (adapter[method as keyof Port] as (...values: unknown[]) => unknown).apply(adapter, args);
          },
  });
}

/** Makes some of the ports: its getters read their configuration when reached; `deps` holds every port made. */
export type PortGroup = (env: NodeJS.ProcessEnv, deps: AwsDeps) => object;

/** The store registry table's three ports, sharing one document client. */
export const registryPorts: PortGroup = (env) => {
  const registryTable = once(() => {
    const tableName = requireEnv(env, ENV.registryTableName);
    return once(async (): Promise<RegistryTable> => {
      const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      return { tableName, client: await createDocumentClient(new DynamoDBClient({})) };
    });
  });
  const onRegistry = <Port extends object>(adapter: (table: RegistryTable) => Port) =>
    once((): Port => {
      const table = registryTable();
      return lazyPort(async () => adapter(await table()));
    });
  const stores = onRegistry((table): StoreRegistryPort => createDynamoStoreRegistry(table));
  const leases = onRegistry((table): LeasePort => createDynamoLease(table));
  const journal = onRegistry((table): JournalPort => createDynamoJournal(table));
  return {
    get stores() {
      return stores();
    },
    get leases() {
      return leases();
    },
    get journal() {
      return journal();
    },
  };
};

/**
 * A port on the registry table for a port group of its own (one only some functions carry), with a document
 * client of its own: the table name is read when the port is reached, the client made on its first call.
 */
export const registryTablePort = <Port extends object>(
  env: NodeJS.ProcessEnv,
  adapter: (table: RegistryTable) => Port,
): (() => Port) =>
  once((): Port => {
    const tableName = requireEnv(env, ENV.registryTableName);
    return lazyPort(async () => {
      const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      return adapter({ tableName, client: await createDocumentClient(new DynamoDBClient({})) });
    });
  });

/** A one-port group of its own: only the two reconciliation functions carry its adapter. */
export const reconcileProgressPorts: PortGroup = (env) => {
  const reconcileProgress = registryTablePort(
    env,
    (table): ReconcileProgressPort => createDynamoReconcileProgress(table),
  );
  return {
    get reconcileProgress() {
      return reconcileProgress();
    },
  };
};

export const secretPorts: PortGroup = (env) => {
  const secrets = once((): SecretsPort => {
    const storePrefix = requireEnv(env, ENV.storeSecretPrefix);
    return createSecretsManagerSecrets({
      storePrefix,
      carrierPrefix: env[ENV.carrierSecretPrefix] || undefined,
    });
  });
  return {
    get secrets() {
      return secrets();
    },
  };
};

/** Client options for a store: base URL from configuration, token from the secrets port. */
const clientOptionsOf =
  (env: NodeJS.ProcessEnv, deps: AwsDeps) =>
  async (storeHash: string): Promise<ShippingClientOptions> => {
    const accessToken = await deps.secrets.getStoreToken(storeHash);
    // `BC_API_URL` may contain `{storeHash}`, which the client fills in; unset means the public API.
    const baseUrl = env[ENV.bigcommerceApiUrl] || undefined;
    return { storeHash, accessToken, onResponse: countBigCommerceResponse, ...(baseUrl ? { baseUrl } : {}) };
  };

/** The Shipping V2 client; the token comes from the secrets port, so a function using it has secretPorts too. */
export const bigcommercePorts: PortGroup = (env, deps) => {
  const clientOptions = clientOptionsOf(env, deps);
  return { bigcommerce: async (storeHash: string) => createShippingClient(await clientOptions(storeHash)) };
};

/** The V3 carts, checkouts and catalog client, for the checkout probe alone. */
export const checkoutPorts: PortGroup = (env, deps) => {
  const clientOptions = clientOptionsOf(env, deps);
  return { checkout: async (storeHash: string) => createCheckoutClient(await clientOptions(storeHash)) };
};

export const eventPorts: PortGroup = (env) => {
  const events = once((): EventsPort => {
    const eventBusName = requireEnv(env, ENV.eventBusName);
    return lazyPort(async () => {
      const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge');
      return createEventBridgeEvents({ eventBusName, client: new EventBridgeClient({}) });
    });
  });
  return {
    get events() {
      return events();
    },
  };
};

export const artifactPorts: PortGroup = (env) => {
  const artifacts = once((): RunArtifactsPort => {
    const bucketName = requireEnv(env, ENV.runArtifactsBucket);
    return lazyPort(async () => {
      const { S3Client } = await import('@aws-sdk/client-s3');
      return createS3RunArtifacts({ bucketName, client: new S3Client({}) });
    });
  });
  return {
    get artifacts() {
      return artifacts();
    },
  };
};

export const executionPorts: PortGroup = (env) => {
  const executions = once((): ExecutionStarterPort => {
    const stateMachineArn = requireEnv(env, ENV.stateMachineArn);
    return lazyPort(async () => {
      const { SFNClient } = await import('@aws-sdk/client-sfn');
      return createStepFunctionsStarter({ stateMachineArn, client: new SFNClient({}) });
    });
  });
  return {
    get executions() {
      return executions();
    },
  };
};

export const reconcileQueuePorts: PortGroup = (env) => {
  const reconcileQueue = once((): ReconcileQueuePort => {
    const queueUrl = requireEnv(env, ENV.reconcileQueueUrl);
    return lazyPort(async () => {
      const { SQSClient } = await import('@aws-sdk/client-sqs');
      return createSqsReconcileQueue({ queueUrl, client: new SQSClient({}) });
    });
  });
  return {
    get reconcileQueue() {
      return reconcileQueue();
    },
  };
};

/** Runs of the read-only Express state machine, and the pace the fleet starts them at. */
export const reconcileRunPorts: PortGroup = (env) => {
  const reconcileRuns = once((): ExecutionStarterPort => {
    const stateMachineArn = requireEnv(env, ENV.reconcileStateMachineArn);
    return lazyPort(async () => {
      const { SFNClient } = await import('@aws-sdk/client-sfn');
      return createStepFunctionsStarter({ stateMachineArn, client: new SFNClient({}) });
    });
  });
  const fleetPace = once(() => ({
    startsPerSecond: Number(requireEnv(env, ENV.reconcileStartsPerSecond)),
    concurrency: Number(requireEnv(env, ENV.reconcileConcurrency)),
  }));
  return {
    get reconcileRuns() {
      return reconcileRuns();
    },
    get fleetPace() {
      return fleetPace();
    },
  };
};

export const profilePorts: PortGroup = () => {
  const profiles = once((): ProfileSource => shippedProfiles());
  return {
    get profiles() {
      return profiles();
    },
  };
};

/**
 * The ports of the given groups, as one object. A function's generated entry (lib/lambda-entry.ts) names only
 * the groups its operation `uses`, so its bundle holds no other adapter; a port of another group is absent.
 */
export function composeAwsDeps<Deps extends object = AwsDeps>(
  env: NodeJS.ProcessEnv,
  groups: readonly PortGroup[],
): Deps {
  const deps = {} as AwsDeps;
  for (const group of groups)
    Object.defineProperties(deps, Object.getOwnPropertyDescriptors(group(env, deps)));
  return deps as unknown as Deps;
}

/** Every port (the tests' view of a function that uses everything). */
export const awsDeps = (env: NodeJS.ProcessEnv = process.env): AwsDeps =>
  composeAwsDeps(env, [
    registryPorts,
    secretPorts,
    bigcommercePorts,
    eventPorts,
    executionPorts,
    profilePorts,
    artifactPorts,
  ]);
