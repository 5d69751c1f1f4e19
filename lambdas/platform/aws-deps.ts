/**
 * The ports on AWS, configured from the environment variables the stack sets. Each adapter is built on first
 * use, so a function reads only the variables of the ports it touches (each comes with its IAM grant) and a
 * missing one fails with an error naming it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createCheckoutClient } from '../bigcommerce/checkout-client.ts';
import { createShippingClient, type ShippingClientOptions } from '../bigcommerce/client.ts';
import { DEFAULT_LOGIN_URL } from '../bigcommerce/oauth.ts';
import { appCredentialsReader } from './app-credentials.ts';
import { createDocumentClient } from './aws-document-client.ts';
import { createEventBridgeEvents } from './aws-events.ts';
import { createStepFunctionsStarter } from './aws-execution-starter.ts';
import { createDynamoJournal } from './aws-journal.ts';
import { createDynamoLease } from './aws-lease.ts';
import { createSecretsManagerSecrets, secretTextReader } from './aws-secrets.ts';
import { createDynamoStoreRegistry } from './aws-store-registry.ts';
import { createSecretsManagerTokens } from './aws-store-tokens.ts';
import { ENV, requireEnv } from './environment.ts';
import type {
  AppDeps,
  Deps,
  EventsPort,
  ExecutionStarterPort,
  JournalPort,
  LeasePort,
  ProfileSource,
  SecretsPort,
  StoreRegistryPort,
  StoreTokenWriterPort,
  TriggerDeps,
} from './ports.ts';
import { tracer } from './powertools.ts';
import { bundledAssignments, bundledProfiles } from './profiles.ts';
import { type SignatureVerifier, webhookSignatureVerifier } from './webhook-signature.ts';

/** Every port an operation can use; each operation's `run` declares the few it reads. */
export interface AwsDeps extends Deps, TriggerDeps, AppDeps {
  verifySignature: SignatureVerifier;
}

const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

export function awsDeps(env: NodeJS.ProcessEnv = process.env): AwsDeps {
  const secrets = once(
    (): SecretsPort =>
      createSecretsManagerSecrets({
        storePrefix: requireEnv(env, ENV.storeSecretPrefix),
        carrierPrefix: env[ENV.carrierSecretPrefix] || undefined,
        client: tracer.captureAWSv3Client(new SecretsManagerClient({})),
      }),
  );
  // One document client for the registry table's three ports.
  const registryTable = once(() => ({
    tableName: requireEnv(env, ENV.registryTableName),
    client: createDocumentClient(tracer.captureAWSv3Client(new DynamoDBClient({}))),
  }));
  const stores = once((): StoreRegistryPort => createDynamoStoreRegistry(registryTable()));
  const leases = once((): LeasePort => createDynamoLease(registryTable()));
  const journal = once((): JournalPort => createDynamoJournal(registryTable()));
  const events = once(
    (): EventsPort =>
      createEventBridgeEvents({
        eventBusName: requireEnv(env, ENV.eventBusName),
        client: tracer.captureAWSv3Client(new EventBridgeClient({})),
      }),
  );
  const profiles = once((): ProfileSource => bundledProfiles());
  const executions = once(
    (): ExecutionStarterPort =>
      createStepFunctionsStarter({
        stateMachineArn: requireEnv(env, ENV.stateMachineArn),
        client: tracer.captureAWSv3Client(new SFNClient({})),
      }),
  );

  const verifier = once(() =>
    webhookSignatureVerifier({
      secretName: requireEnv(env, ENV.webhookSecretName),
      lookup: secretTextReader({ client: tracer.captureAWSv3Client(new SecretsManagerClient({})) }),
    }),
  );

  const storeTokens = once(
    (): StoreTokenWriterPort =>
      createSecretsManagerTokens({
        storePrefix: requireEnv(env, ENV.storeSecretPrefix),
        client: tracer.captureAWSv3Client(new SecretsManagerClient({})),
      }),
  );
  const appCredentials = once(() =>
    appCredentialsReader(
      requireEnv(env, ENV.appSecretName),
      secretTextReader({ client: tracer.captureAWSv3Client(new SecretsManagerClient({})) }),
    ),
  );
  const assignments = once(() => bundledAssignments(undefined, profiles().names()));

  const clientOptions = async (storeHash: string, token?: string): Promise<ShippingClientOptions> => {
    const accessToken = token ?? (await secrets().getStoreToken(storeHash));
    // `BC_API_URL` may contain `{storeHash}`, which the client fills in; unset means the public API.
    const baseUrl = env[ENV.bigcommerceApiUrl] || undefined;
    return { storeHash, accessToken, ...(baseUrl ? { baseUrl } : {}) };
  };

  return {
    get secrets() {
      return secrets();
    },
    get stores() {
      return stores();
    },
    get leases() {
      return leases();
    },
    get journal() {
      return journal();
    },
    get events() {
      return events();
    },
    get profiles() {
      return profiles();
    },
    get executions() {
      return executions();
    },
    // The client secret named in WEBHOOK_SECRET_NAME, read on first use, then cached by Powertools
    // Parameters like every other secret.
    verifySignature: async (rawBody, headers) => verifier()(rawBody, headers),
    get storeTokens() {
      return storeTokens();
    },
    appCredentials: () => appCredentials()(),
    loginUrl: env[ENV.loginUrl] || DEFAULT_LOGIN_URL,
    assignments,
    storeInformation: async (storeHash, accessToken) =>
      createShippingClient(await clientOptions(storeHash, accessToken)).getStore(),
    bigcommerce: async (storeHash) => createShippingClient(await clientOptions(storeHash)),
    checkout: async (storeHash) => createCheckoutClient(await clientOptions(storeHash)),
  };
}
