/**
 * One sandbox shared by the tests of a file: started before them, reset to its seed before each one (so no test
 * sees another's writes), and closed after them. Requests go to the default store with its token.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  defaultStoreHash,
  defaultStoreToken,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from '../../sandbox/index.ts';
import { storeCaller } from './sandbox-http.ts';

type StoreCall = ReturnType<typeof storeCaller>;

export interface SandboxFixture {
  /** The running sandbox; available inside tests and in hooks registered after `useSandbox`. */
  sandbox(): Sandbox;
  /** `call('POST', '/shipping/zones', body)` against the default store. */
  call: StoreCall;
}

export function useSandbox(options?: SandboxOptions): SandboxFixture {
  let started: { sandbox: Sandbox; call: StoreCall } | undefined;
  beforeAll(async () => {
    const sandbox = await startSandbox(options);
    started = { sandbox, call: storeCaller(sandbox.baseUrl(defaultStoreHash), defaultStoreToken) };
  });
  beforeEach(() => started?.sandbox.reset());
  afterAll(() => started?.sandbox.close());

  const running = () => {
    if (!started) throw new Error('The sandbox starts in beforeAll: use it inside tests and later hooks.');
    return started;
  };
  return {
    sandbox: () => running().sandbox,
    call: (method, path, body) => running().call(method, path, body),
  };
}
