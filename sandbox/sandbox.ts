/**
 * A faithful, stateful, local BigCommerce Shipping V2 server for tests and demos, with the V3 carts and
 * checkouts that checkout verification uses. See README.md. The router (router.ts) takes a request to its
 * handler; the server (server.ts) listens, plays faults and latency, and keeps the request log.
 */
import { AppMarketplace, type SandboxApp } from './apps.ts';
import { FaultInjector, type FaultSpec, type LatencySpec, latencySchedule, mulberry32 } from './faults.ts';
import { StoreRateLimiter } from './rate-limit.ts';
import type { Rendering } from './render.ts';
import { createRouter } from './router.ts';
import { defaultSeed, materializeSeed, type SandboxSeed, type SeededStore } from './seed.ts';
import { type RequestLogEntry, type RunningServer, type ServerState, startServer } from './server.ts';
import type { StoreSnapshot } from './store-state.ts';
import { resolveVariants, type Variants } from './variants.ts';

export interface SandboxOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port to bind (default 0: an ephemeral port; read `url`). */
  port?: number;
  /** Stores to start with (default: store `sandbox`, token `sandbox-token`, three zones). */
  seed?: SandboxSeed;
  /** Requests per store per window (default 150, BigCommerce's Standard/Plus quota). */
  quota?: number;
  /** Rate-limit window (default 30 000 ms). */
  windowMs?: number;
  /** Clock for rate-limit windows and log timestamps (default Date.now). */
  now?: () => number;
  /** Turn the documented response quirks off so bodies match the spec's types (default false). */
  strict?: boolean;
  /** A seed: render each method field in one of its documented ways, drawn afresh for every response
   *  (render.ts; README "Renderings"). Not with `strict`. */
  renderings?: number;
  /** Faults to inject: an object or the CLI string form (see faults.ts). */
  faults?: FaultSpec | string;
  /** Delay added before every response. */
  latency?: LatencySpec;
  /** How to wait for `latency` (default: a timer); tests inject one that records the delays. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once per request, when its outcome is known. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Choices where BigCommerce's docs are silent, e.g. `{ 'range-boundary': 'upper' }` (variants.ts); the rest
   *  take their defaults. An unknown name or choice is refused. */
  variants?: Partial<Variants>;
  /** Apps registered at start (apps.ts): their token endpoint and merchant are ready at once. */
  apps?: SandboxApp[];
}

interface SandboxStore {
  hash: string;
  token: string;
  baseUrl: string;
}

export interface Sandbox {
  /** Origin, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** BigCommerce's side of apps: register one, then install, load and uninstall it as a merchant would. */
  readonly apps: AppMarketplace;
  /** `${url}/stores/${storeHash}/v2`: what a client's `baseUrl` option takes. */
  baseUrl(storeHash: string): string;
  /** A deep copy of one store's zones, methods by zone, and carrier connections. */
  state(storeHash: string): StoreSnapshot;
  /** The ids of the carts one store holds (created and not deleted), oldest first. */
  cartIds(storeHash: string): string[];
  /** Every variant's choice: the ones given at start, the defaults for the rest. */
  readonly variants: Variants;
  /** A copy of the request log, oldest first. */
  readonly requests: RequestLogEntry[];
  clearLog(): void;
  /** Replace the fault rules (and restart their PRNG); `undefined` removes them. */
  setFaults(spec: FaultSpec | string | undefined): void;
  /** Back to the seed: state, rate-limit windows, request log and the faults given at start. */
  reset(): void;
  stores(): SandboxStore[];
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const quota = options.quota ?? 150;
  const windowMs = options.windowMs ?? 30_000;
  if (!Number.isInteger(quota) || quota < 1)
    throw new Error(`quota must be a positive integer, got ${quota}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0)
    throw new Error(`windowMs must be positive, got ${windowMs}`);
  const variants = resolveVariants(options.variants);
  const renderingSeed = renderingSeedOf(options);
  const now = options.now ?? Date.now;
  const seed = options.seed ?? defaultSeed;
  const runtime: Runtime = {
    stores: materializeSeed(seed),
    faults: new FaultInjector(options.faults),
    latency: latencySchedule(options.latency),
    log: [],
    drawRendering: mulberry32(renderingSeed ?? 1),
  };
  const limiter = new StoreRateLimiter({ quota, windowMs, now });
  const apps = new AppMarketplace(now);
  for (const app of options.apps ?? []) apps.register(app);
  const router = await createRouter({
    apps,
    stores: () => runtime.stores,
    limiter,
    rendering: renderingOf(options, renderingSeed, runtime),
    variants,
    now,
  });
  const server = await startServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    router,
    state: runtime,
    now,
    sleep: options.sleep ?? defaultSleep,
    onRequest: options.onRequest,
  });
  return sandboxHandle({ options, seed, variants, runtime, limiter, server, apps });
}

/** What a running sandbox holds that `reset` and `setFaults` replace. */
interface Runtime extends ServerState {
  stores: Map<string, SeededStore>;
  /** The renderings' PRNG; `reset` restarts it from the seed. */
  drawRendering: () => number;
}

function renderingSeedOf(options: SandboxOptions): number | undefined {
  const seed = options.renderings;
  if (seed === undefined) return undefined;
  if (!Number.isInteger(seed)) throw new Error(`renderings must be an integer seed, got ${seed}`);
  if (options.strict === true) throw new Error('strict and renderings exclude each other: choose one.');
  return seed;
}

function renderingOf(options: SandboxOptions, seed: number | undefined, runtime: Runtime): Rendering {
  if (seed !== undefined) return { kind: 'renderings', draw: () => runtime.drawRendering() };
  return options.strict === true ? { kind: 'strict' } : { kind: 'quirks' };
}

const defaultSleep = (ms: number) =>
  ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

interface HandleParts {
  options: SandboxOptions;
  seed: SandboxSeed;
  variants: Variants;
  runtime: Runtime;
  limiter: StoreRateLimiter;
  server: RunningServer;
  apps: AppMarketplace;
}

function sandboxHandle({ options, seed, variants, runtime, limiter, server, apps }: HandleParts): Sandbox {
  const { url } = server;
  const baseUrl = (storeHash: string) => `${url}/stores/${storeHash}/v2`;
  const store = (storeHash: string) => {
    const found = runtime.stores.get(storeHash);
    if (!found) throw new Error(`The sandbox has no store '${storeHash}'.`);
    return found;
  };
  return {
    url,
    baseUrl,
    apps,
    state: (storeHash) => store(storeHash).state.snapshot(),
    cartIds: (storeHash) => store(storeHash).carts.ids(),
    variants,
    get requests() {
      return runtime.log.map((entry) => ({ ...entry }));
    },
    clearLog() {
      runtime.log.length = 0;
    },
    setFaults(spec) {
      runtime.faults = new FaultInjector(spec);
    },
    reset() {
      runtime.stores = materializeSeed(seed);
      limiter.reset();
      runtime.faults = new FaultInjector(options.faults);
      runtime.latency = latencySchedule(options.latency);
      runtime.drawRendering = mulberry32(options.renderings ?? 1);
      runtime.log.length = 0;
    },
    stores: () =>
      [...runtime.stores.values()].map(({ hash, token }) => ({ hash, token, baseUrl: baseUrl(hash) })),
    close: () => server.close(),
  };
}
