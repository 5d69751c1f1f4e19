/**
 * `npm run sandbox -- --port 4010` (or `bcship sandbox --port 4010`) [--host H] [--seed FILE] [--quota N] [--window-ms MS] [--faults SPEC]
 *  [--latency MS] [--jitter MS] [--strict | --renderings SEED] [--variant NAME=CHOICE]…`
 * Serves the BigCommerce Shipping V2 sandbox until SIGINT or SIGTERM.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { SandboxApp } from './apps.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from './sandbox.ts';
import { loadSeedFile } from './seed.ts';
import { parseVariantFlags, variantTable } from './variants.ts';

const variantLines = Object.entries(variantTable).map(
  ([name, { choices, default: chosen }]) =>
    `                    ${name}=${choices.join('|')} (default ${chosen})`,
);

const usage = `Usage: npm run sandbox -- [options]
  --port N          port to listen on (default 4010; 0 picks a free port)
  --host H          interface to bind (default 127.0.0.1)
  --seed FILE       YAML or JSON seed with stores, zones, methods, connections (see sandbox/README.md)
  --quota N         requests per store per window (default 150)
  --window-ms MS    rate-limit window (default 30000)
  --faults SPEC     e.g. "seed=42,429=0.1,500=0.05,timeout=0.01,reset=0.01,lost=0.02"
  --latency MS      fixed delay before every response
  --jitter MS       up to this much extra random delay
  --strict          turn BigCommerce's response quirks off (bodies match the spec's types)
  --renderings SEED render each method field in one of its documented ways, drawn per response from SEED
  --app ID:SECRET@URL  register an app whose callbacks are URL/auth, /load, /uninstall (repeatable); the merchant
                    is then POST /_merchant/install|load|uninstall?store=H&client_id=ID
  --variant N=C     where the docs are silent, choose behaviour C for variant N (repeatable; sandbox/README.md):
${variantLines.join('\n')}
  --json            print the banner and each request as one JSON object a line
  --help            show this help`;

/** Runs the sandbox command line; the returned promise settles once the server is listening. */
export async function runSandboxCli(args: string[]): Promise<void> {
  const values = parseCliArgs(args);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const sandbox = await startSandbox(sandboxOptions(values));
  if (values.json) printJsonBanner(sandbox);
  else printBanner(sandbox, values, values.variant);
  stopOnSignals(sandbox);
}

type CliValues = ReturnType<typeof parseCliArgs>;

function parseCliArgs(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      quota: { type: 'string' },
      'window-ms': { type: 'string' },
      faults: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      strict: { type: 'boolean', default: false },
      renderings: { type: 'string' },
      variant: { type: 'string', multiple: true, default: [] },
      app: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
}

/** The startSandbox options a command line asks for; a bad value throws, naming its option. */
export const sandboxOptionsFromArgs = (args: string[]): SandboxOptions => sandboxOptions(parseCliArgs(args));

function sandboxOptions(values: CliValues): SandboxOptions {
  const fixedMs = integerOption('latency', values.latency, 0);
  const jitterMs = integerOption('jitter', values.jitter, 0);
  const quota = integerOption('quota', values.quota, 1);
  const windowMs = integerOption('window-ms', values['window-ms'], 1);
  const renderings = integerOption('renderings', values.renderings, 0);
  return {
    port: integerOption('port', values.port, 0) ?? 4010,
    host: values.host,
    strict: values.strict,
    ...(values.seed ? { seed: loadSeedFile(values.seed) } : {}),
    ...(quota === undefined ? {} : { quota }),
    ...(windowMs === undefined ? {} : { windowMs }),
    ...(values.faults ? { faults: values.faults } : {}),
    ...(renderings === undefined ? {} : { renderings }),
    ...(values.variant.length > 0 ? { variants: parseVariantFlags(values.variant) } : {}),
    ...(values.app.length > 0 ? { apps: values.app.map(parseAppFlag) } : {}),
    ...(fixedMs !== undefined || jitterMs !== undefined ? { latency: { fixedMs, jitterMs } } : {}),
    onRequest: (entry) => {
      if (values.json) {
        process.stdout.write(`${JSON.stringify(entry)}\n`);
        return;
      }
      const outcome = entry.status === null ? 'no response' : String(entry.status);
      process.stdout.write(
        `${entry.method} ${entry.path} -> ${outcome}${entry.fault ? ` (fault ${entry.fault})` : ''}\n`,
      );
    },
  };
}

/** The scopes a command-line app is granted: bcship's, and the checkout probe's. */
const APP_SCOPES = ['store_v2_information', 'store_cart', 'store_checkout', 'store_v2_products_read_only'];

/** `--app CLIENT_ID:CLIENT_SECRET@APP_URL`. */
function parseAppFlag(value: string): SandboxApp {
  const match = /^([^:@]+):([^@]+)@(https?:\/\/.+)$/.exec(value);
  if (!match) throw new Error(`--app must be CLIENT_ID:CLIENT_SECRET@APP_URL, got '${value}'`);
  const [, clientId, clientSecret, appUrl] = match as unknown as [string, string, string, string];
  return { clientId, clientSecret, appUrl, scopes: APP_SCOPES };
}

function integerOption(name: string, value: string | undefined, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) {
    throw new Error(`--${name} must be an integer >= ${minimum}, got '${value}'`);
  }
  return parsed;
}

function printBanner(sandbox: Sandbox, values: CliValues, variants: string[]): void {
  const { strict, renderings } = values;
  const mode = strict
    ? 'strict: quirks off'
    : renderings === undefined
      ? 'BigCommerce response quirks on'
      : `documented renderings, seed ${renderings}`;
  const chosen = variants.length > 0 ? `; variants ${variants.join(', ')}` : '';
  const lines = [`BigCommerce sandbox listening on ${sandbox.url} (${mode}${chosen})`];
  for (const store of sandbox.stores()) {
    lines.push(`store ${store.hash}: base URL ${store.baseUrl} token ${store.token}`);
    lines.push(`  curl -H 'X-Auth-Token: ${store.token}' ${store.baseUrl}/shipping/zones`);
  }
  for (const app of values.app) {
    const { clientId, appUrl } = parseAppFlag(app);
    lines.push(
      `app ${clientId} at ${appUrl}: POST ${sandbox.url}/_merchant/install?store=STORE&client_id=${clientId}`,
    );
  }
  lines.push('Stop with Ctrl+C.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One line a script can read: where the sandbox listens and each store's base URL and token. */
function printJsonBanner(sandbox: Sandbox): void {
  const stores = sandbox
    .stores()
    .map((store) => ({ hash: store.hash, baseUrl: store.baseUrl, token: store.token }));
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, stores })}\n`);
}

function stopOnSignals(sandbox: Sandbox): void {
  const stop = (signal: string) => {
    process.stdout.write(`${signal}: stopping the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox did not close cleanly: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSandboxCli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  });
}
