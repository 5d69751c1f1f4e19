/**
 * moto's server (an AWS emulator: DynamoDB, Secrets Manager, EventBridge, SQS, the Step Functions control
 * plane) on a free local port, for the suites that run the deployed bundles. It must be installed: a suite
 * that needs it fails without it rather than passing by skipping.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const MOTO_SERVER = 'moto_server';
const START_TIMEOUT_MS = 20_000;

export interface Moto {
  /** `http://127.0.0.1:<port>`: what AWS_ENDPOINT_URL and an SDK client's `endpoint` take. */
  endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([failureOf(child, output), answering(endpoint)]);
  } catch (error) {
    child.kill();
    throw error;
  }
  return { endpoint, stop: () => stop(child) };
}

/** Rejects when the process cannot start or exits: moto never exits on its own while it is needed. */
async function failureOf(child: ChildProcess, output: string[]): Promise<never> {
  const [event, detail] = await Promise.race([
    once(child, 'error').then(([error]) => ['error', error as NodeJS.ErrnoException] as const),
    once(child, 'exit').then(([code]) => ['exit', code as number | null] as const),
  ]);
  if (event === 'error' && detail.code === 'ENOENT') {
    throw new Error(`${MOTO_SERVER} is not on PATH: install moto's server (pip install 'moto[server]')`);
  }
  throw new Error(`${MOTO_SERVER} did not start (${String(detail)}): ${output.join('').slice(-2_000)}`);
}

async function answering(endpoint: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${MOTO_SERVER} did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill();
  await exited;
}

/** A port nothing listens on now: the OS picks it, and it is released for moto at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('No free port was given');
  return address.port;
}
