/**
 * The sandbox's HTTP server: listens, reads each request, plays the injected faults and latency around the
 * router, writes the response and keeps the request log; closing drops every connection it holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultInjector, FaultKind } from './faults.ts';
import { readBody } from './http-io.ts';
import { apiError, failure, type Outcome, type Router, versionOf } from './router.ts';

export interface RequestLogEntry {
  method: string;
  /** The request path without the query string. */
  path: string;
  /** The status sent, or null when no response was sent (timeout, reset, lost with a reset). */
  status: number | null;
  /** `now()` when the request arrived. */
  at: number;
  fault?: FaultKind;
}

/** What `reset` and `setFaults` replace between requests: each request reads them as they are when it needs them. */
export interface ServerState {
  faults: FaultInjector;
  latency: () => number;
  readonly log: RequestLogEntry[];
}

export interface ServerOptions {
  host: string;
  port: number;
  router: Router;
  state: ServerState;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onRequest: ((entry: RequestLogEntry) => void) | undefined;
}

export interface RunningServer {
  /** Origin, e.g. http://127.0.0.1:41234. */
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = createServer((request, response) => {
    serve(options, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, failure(error, versionOf(request.url ?? '/')));
    });
  });
  // Longer than a client keeps an idle connection (undici: 4 s), so the client always gives up on a socket
  // first: with Node's default of 5 s, a test process busy for a few seconds could have the server close a
  // socket the client was just reusing (ECONNRESET). closeServer ends idle connections itself.
  server.keepAliveTimeout = 65_000;
  await listen(server, options.port, options.host);
  let closing: Promise<void> | undefined;
  return {
    url: originOf(server),
    close() {
      closing ??= closeServer(server);
      return closing;
    },
  };
}

/** Logs a request once its outcome is known: the status sent (null for none) and the fault played, if any. */
type RecordOutcome = (status: number | null, fault?: FaultKind) => void;

/** One request and its response, with what every step of `serve` reads. */
interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  /** Upper case. */
  method: string;
  url: URL;
  /** `url` without the query string. */
  path: string;
  record: RecordOutcome;
}

async function serve(
  options: ServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const exchange = openExchange(options, request, response);
  const { method, url, path, record } = exchange;
  let rawBody: string | undefined;
  try {
    rawBody = await readBody(request);
  } catch (error) {
    send(response, failure(error, versionOf(path)));
    record(response.statusCode);
    return;
  }

  const fault = options.state.faults.decide(method, path);
  if (fault === 'timeout') {
    // Never answer: the socket stays open until the client gives up or the sandbox closes.
    record(null, fault);
    return;
  }
  await options.sleep(options.state.latency());
  if (fault === 'reset') {
    request.socket.destroy();
    record(null, fault);
    return;
  }
  const injected = fault ? faultMessages[fault] : undefined;
  if (fault && injected) {
    sendInjectedFault(options.router, exchange, fault, injected);
    return;
  }

  const outcome = await options.router.route({ request, method, url, rawBody });
  if (fault === 'lost') {
    loseResponse(options.state.faults, exchange);
    return;
  }
  send(response, outcome);
  record(outcome.status);
}

function openExchange(options: ServerOptions, request: IncomingMessage, response: ServerResponse): Exchange {
  const at = options.now();
  const method = (request.method ?? 'GET').toUpperCase();
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const path = url.pathname;
  const record: RecordOutcome = (status, fault) => {
    const entry: RequestLogEntry = { method, path, status, at, ...(fault ? { fault } : {}) };
    options.state.log.push(entry);
    options.onRequest?.({ ...entry });
  };
  return { request, response, method, url, path, record };
}

interface InjectedFault {
  status: number;
  message: string;
}

const faultMessages: Partial<Record<FaultKind, InjectedFault>> = {
  '400': { status: 400, message: 'The request was refused (injected fault).' },
  '404': { status: 404, message: 'The requested resource was not found.' },
  '422': { status: 422, message: 'The request could not be processed (injected fault).' },
  '429': { status: 429, message: 'Too many requests: the platform is under heavy load.' },
  '500': { status: 500, message: 'Internal Server Error' },
  '502': { status: 502, message: 'Bad Gateway' },
  '503': { status: 503, message: 'Service Unavailable' },
};

/** Answers with the fault's status instead of handling the request. */
function sendInjectedFault(
  router: Router,
  { response, path, record }: Exchange,
  fault: FaultKind,
  injected: InjectedFault,
): void {
  // A 429 without rate-limit headers is how BigCommerce signals platform load.
  const headers = fault === '429' ? {} : router.quotaHeaders(path);
  send(response, { ...failure(apiError(versionOf(path), injected.status, injected.message)), headers });
  record(injected.status, fault);
}

/** The request was handled, but its response is lost on the way: the connection resets or a proxy answers 502. */
function loseResponse(faults: FaultInjector, { request, response, path, record }: Exchange): void {
  const delivery = faults.lostDelivery();
  if (delivery === 'reset') {
    request.socket.destroy();
    record(null, 'lost');
  } else {
    send(response, failure(apiError(versionOf(path), delivery.status, 'Bad Gateway')));
    record(delivery.status, 'lost');
  }
}

function send(response: ServerResponse, outcome: Outcome): void {
  if (response.destroyed) return;
  const headers: Record<string, string> = { ...outcome.headers };
  let payload: string | undefined;
  if (outcome.body !== undefined && outcome.status !== 204) {
    payload = JSON.stringify(outcome.body);
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  response.writeHead(outcome.status, headers);
  response.end(payload);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function originOf(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Also drops sockets held open by `timeout` faults and idle keep-alive connections.
    server.closeAllConnections();
  });
}
