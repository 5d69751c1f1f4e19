/**
 * A local HTTP server for client tests: it records every request and answers each with the next queued
 * response. Bound to 127.0.0.1 on an ephemeral port; the test that starts it closes it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedResponse =
  /** A complete response. An object or array body is sent as JSON; a string as is. */
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Accept the request and never answer it. */
  | { kind: 'never-respond' }
  /** Send the status line and headers, then never finish the body. */
  | { kind: 'hang-body'; status: number; headers?: Record<string, string> }
  /** Close the connection abruptly without answering. */
  | { kind: 'destroy-socket' };

export const respond = (
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): ScriptedResponse => ({ kind: 'respond', status, body, ...(headers ? { headers } : {}) });
export const neverRespond = (): ScriptedResponse => ({ kind: 'never-respond' });
export const hangBody = (status: number, headers?: Record<string, string>): ScriptedResponse => ({
  kind: 'hang-body',
  status,
  ...(headers ? { headers } : {}),
});
export const destroySocket = (): ScriptedResponse => ({ kind: 'destroy-socket' });

interface RecordedRequest {
  method: string;
  /** Path and query as received, e.g. `/stores/abc/v2/shipping/zones`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when empty. */
  json: unknown;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  enqueue(...responses: ScriptedResponse[]): void;
  /** Forgets recorded requests and unused responses. */
  reset(): void;
  close(): Promise<void>;
}

/** Status sent when a request arrives with no response queued, so that the test fails with a clear message. */
const UNSCRIPTED_STATUS = 418;

function send(res: ServerResponse, response: Extract<ScriptedResponse, { kind: 'respond' }>): void {
  const { status, headers = {}, body } = response;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(status, { 'Content-Type': contentType, ...headers }).end(text);
}

function parseJsonOrUndefined(body: string): unknown {
  try {
    return body === '' ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        json: parseJsonOrUndefined(body),
      });
      const next = queue.shift();
      if (next === undefined) {
        res.writeHead(UNSCRIPTED_STATUS, { 'Content-Type': 'text/plain' });
        res.end(`no scripted response left for ${req.method} ${req.url}`);
        return;
      }
      switch (next.kind) {
        case 'respond':
          send(res, next);
          return;
        case 'never-respond':
          return;
        case 'hang-body':
          res.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers });
          res.write('[');
          return;
        case 'destroy-socket':
          req.socket.destroy();
          return;
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...responses) => {
      queue.push(...responses);
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
