/**
 * The app's callbacks on this machine (`bcship app serve`): an HTTP server on 127.0.0.1 that hands each request
 * to the same app-callbacks operation the deployed Function URL runs, as a Function URL event, and writes back
 * the page it answers. Query strings are never logged: they carry codes and signed payloads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackResult } from '../lambdas/app/callbacks.ts';
import { appCallbacks } from '../lambdas/operations/app-callbacks.ts';
import { runOperation } from '../lambdas/operations/operation.ts';
import type { AppDeps } from '../lambdas/platform/ports.ts';

export interface AppServerOptions {
  deps: AppDeps;
  /** Default 0: a free port (read `url`). */
  port?: number;
  /** Each request once answered: method, path (no query), status and outcome (or the error's name and message). */
  onRequest?: (entry: AppRequestEntry) => void;
}

interface AppRequestEntry {
  method: string;
  path: string;
  status: number;
  outcome: string;
}

export interface AppServer {
  /** `http://127.0.0.1:{port}`: the app URL whose /auth, /load and /uninstall are the callbacks. */
  url: string;
  close(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const server = createServer((request, response) => {
    void answer(options, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => close(server) };
}

async function answer(
  options: AppServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const host = request.headers.host ?? '127.0.0.1';
  const method = request.method ?? 'GET';
  const event = {
    rawPath: url.pathname,
    headers: { host, 'x-forwarded-proto': 'http' },
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: { domainName: host, http: { method } },
  };
  try {
    const result = (await runOperation(appCallbacks, event, options.deps)) as CallbackResult;
    response.writeHead(result.response.statusCode, result.response.headers).end(result.response.body);
    options.onRequest?.({
      method,
      path: url.pathname,
      status: result.response.statusCode,
      outcome: result.outcome,
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`bcship failed: ${name}\n`);
    const outcome = `${name}: ${error instanceof Error ? error.message : ''}`;
    options.onRequest?.({ method, path: url.pathname, status: 500, outcome });
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
