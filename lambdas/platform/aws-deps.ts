/**
 * The ports on AWS, configured from the environment variables the stack sets. Each adapter is built on first
 * use, so a function reads only the variables of the ports it touches (each comes with its IAM grant) and a
 * missing one fails with an error naming it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createShippingClient } from '../bigcommerce/client.ts';
import { createEventBridgeEvents } from './aws-events.ts';
import { createDocumentClient, createDynamoRegistry } from './aws-registry.ts';
import { createSecretsManagerSecrets } from './aws-secrets.ts';
import { requireEnv } from './environment.ts';
import type { Deps, EventsPort, ProfileSource, RegistryPort, SecretsPort } from './ports.ts';
import { tracer } from './powertools.ts';
import { bundledProfiles } from './profiles.ts';

export function awsDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const once = <T>(build: () => T): (() => T) => {
    let value: T | undefined;
    return () => {
      value ??= build();
      return value;
    };
  };

  const secrets = once(
    (): SecretsPort =>
      createSecretsManagerSecrets({
        storePrefix: requireEnv(env, 'STORE_SECRET_PREFIX'),
        carrierPrefix: env.CARRIER_SECRET_PREFIX || undefined,
        client: tracer.captureAWSv3Client(new SecretsManagerClient({})),
      }),
  );
  const registry = once(
    (): RegistryPort =>
      createDynamoRegistry({
        tableName: requireEnv(env, 'REGISTRY_TABLE_NAME'),
        client: createDocumentClient(tracer.captureAWSv3Client(new DynamoDBClient({}))),
      }),
  );
  const events = once(
    (): EventsPort =>
      createEventBridgeEvents({
        eventBusName: requireEnv(env, 'EVENT_BUS_NAME'),
        client: tracer.captureAWSv3Client(new EventBridgeClient({})),
      }),
  );
  const profiles = once((): ProfileSource => bundledProfiles());

  return {
    get secrets() {
      return secrets();
    },
    get registry() {
      return registry();
    },
    get events() {
      return events();
    },
    get profiles() {
      return profiles();
    },
    async bigcommerce(storeHash) {
      const accessToken = await secrets().getStoreToken(storeHash);
      // `BC_API_URL` may contain `{storeHash}`, which the client fills in; unset means the public API.
      const baseUrl = env.BC_API_URL || undefined;
      return createShippingClient({ storeHash, accessToken, ...(baseUrl ? { baseUrl } : {}) });
    },
  };
}
