import { afterAll, beforeAll, beforeEach, vi } from 'vitest';
import {
  type ResponseInfo,
  ShippingClient,
  type ShippingClientOptions,
} from '../../../lambdas/bigcommerce/client.ts';
import { type ScriptedServer, startScriptedServer } from '../../support/scripted-server.ts';

/** Distinctive, so that a leak anywhere is found by a plain substring search. */
export const ACCESS_TOKEN = 'tok-LEAKCHECK-5c9e2b7a1f';
export const STORE_HASH = 'abc123';

/** Starts one scripted server for the file, clears it before each test, and closes it after the file. */
export function useScriptedServer(): () => ScriptedServer {
  let server: ScriptedServer | undefined;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    server?.reset();
  });
  return () => {
    if (!server) throw new Error('the scripted server has not started');
    return server;
  };
}

export interface ClientUnderTest {
  client: ShippingClient;
  sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;
  responses: ResponseInfo[];
}

/** A client pointed at the scripted server whose sleeps return at once and are recorded. */
export function clientFor(
  server: ScriptedServer,
  overrides: Partial<ShippingClientOptions> = {},
): ClientUnderTest {
  const sleep = vi.fn(async (_ms: number) => {});
  const responses: ResponseInfo[] = [];
  const client = new ShippingClient({
    storeHash: STORE_HASH,
    accessToken: ACCESS_TOKEN,
    baseUrl: `${server.origin}/stores/{storeHash}/v2`,
    sleep,
    onResponse: (info) => responses.push(info),
    // One attempt, so that each response scripted is one answer the mapping sees; retries have their own tests.
    idempotentAttempts: 1,
    ...overrides,
  });
  return { client, sleep, responses };
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}
