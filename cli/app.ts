/**
 * `bcship app serve`: the app's callbacks on 127.0.0.1, for app developers, with the same code the deployed
 * Function URL runs. Installed stores' tokens go to the secrets file, the registry is the local one, and an
 * install's onboarding runs the state machine on this machine. The demo (`--install`) opens the same app.
 */
import { join } from 'node:path';
import { assignedProfile } from '../lambdas/app/onboarding.ts';
import { DEFAULT_LOGIN_URL } from '../lambdas/bigcommerce/oauth.ts';
import { appCredentialsReader } from '../lambdas/platform/app-credentials.ts';
import { ENV } from '../lambdas/platform/environment.ts';
import type { AppCredentials, AppDeps } from '../lambdas/platform/ports.ts';
import type { Assignment } from '../lambdas/shipping/assignment.ts';
import { startAppServer } from '../local/app-server.ts';
import { FileSecrets, readSecretsFile } from '../local/platform/file-secrets.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import { localAppDeps } from '../local/platform/local-app-deps.ts';
import { DEFAULT_API_URL, localDeps } from '../local/platform/local-deps.ts';
import { LocalExecutions } from '../local/platform/local-executions.ts';
import { MemoryEvents } from '../local/platform/memory-events.ts';
import type { CliIO } from './report.ts';
import { profilesDirectory, UsageError } from './run.ts';

/** The secret `bcship app serve` reads the app's credentials from when BC_CLIENT_ID/BC_CLIENT_SECRET are unset. */
const APP_SECRET_NAME = 'bcship/app/credentials';

export interface LocalAppOptions {
  home: string;
  secretsFile: string;
  apiUrl: string;
  loginUrl: string;
  credentials: AppCredentials | (() => Promise<AppCredentials>);
  onRunEnd?: (line: string) => void;
  /** Default: `./profiles`, or the shipped examples (profilesDirectory). */
  profilesDir?: string;
}

export interface LocalApp {
  deps: AppDeps;
  executions: LocalExecutions;
  events: MemoryEvents;
  /** The profile the rules give a store, and why. */
  assignment(storeHash: string): Promise<Assignment>;
}

export function openLocalApp(options: LocalAppOptions): LocalApp {
  const registry = openJsonRegistry(join(options.home, 'registry.json'));
  const events = new MemoryEvents();
  const profilesDir = options.profilesDir ?? profilesDirectory();
  const runDeps = localDeps({
    apiUrl: options.apiUrl,
    secrets: new FileSecrets({ file: options.secretsFile }),
    stores: registry.stores,
    leases: registry.leases,
    journal: registry.journal,
    events,
    profilesDir,
  });
  const executions = new LocalExecutions({
    deps: runDeps,
    onEnd: (execution) =>
      options.onRunEnd?.(
        `${execution.executionName}: ${execution.status}${execution.error ? ` ${execution.error}` : ''}`,
      ),
  });
  const { credentials } = options;
  const deps = localAppDeps({
    deps: runDeps,
    apiUrl: options.apiUrl,
    secretsFile: options.secretsFile,
    profilesDir,
    credentials: typeof credentials === 'function' ? credentials : async () => credentials,
    loginUrl: options.loginUrl,
    executions,
  });
  return { deps, executions, events, assignment: (storeHash) => assignedProfile(deps, storeHash) };
}

export interface AppServeOptions {
  port: string;
  json?: boolean;
  home: string;
  secrets?: string;
  apiUrl?: string;
}

/** Serves until the process is stopped; resolves once listening. */
export async function serveApp(options: AppServeOptions, io: CliIO): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port: must be 0-65535, got ${options.port}`);
  const secretsFile = options.secrets ?? io.env.BCSHIP_SECRETS_FILE ?? join(options.home, 'secrets.json');
  const app = openLocalApp({
    home: options.home,
    secretsFile,
    apiUrl: options.apiUrl ?? io.env[ENV.bigcommerceApiUrl] ?? DEFAULT_API_URL,
    loginUrl: io.env[ENV.loginUrl] || DEFAULT_LOGIN_URL,
    credentials: localCredentials(io.env, secretsFile),
    onRunEnd: (line) => io.out(options.json ? JSON.stringify({ onboarding: line }) : `onboarding ${line}`),
  });
  const server = await startAppServer({
    deps: app.deps,
    port,
    onRequest: (entry) =>
      io.out(
        options.json
          ? JSON.stringify(entry)
          : `${entry.method} ${entry.path} ${entry.status} ${entry.outcome}`,
      ),
  });
  io.out(
    options.json
      ? JSON.stringify({ url: server.url })
      : `bcship app callbacks at ${server.url}: register ${server.url}/auth, ${server.url}/load, ${server.url}/uninstall`,
  );
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** BC_CLIENT_ID and BC_CLIENT_SECRET, or `bcship/app/credentials` in the secrets file. */
function localCredentials(env: NodeJS.ProcessEnv, secretsFile: string): () => Promise<AppCredentials> {
  const clientId = env.BC_CLIENT_ID;
  const clientSecret = env.BC_CLIENT_SECRET;
  if (clientId && clientSecret) return async () => ({ clientId, clientSecret });
  return appCredentialsReader(APP_SECRET_NAME, async (name) => readSecretsFile(secretsFile)[name]);
}
