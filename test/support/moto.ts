/**
 * moto's server, the AWS emulator the AWS adapters' contract tests run against. Each test file that needs it
 * starts its own (in beforeAll) on a free port and stops it (in afterAll). Without moto the tests fail: an
 * adapter that is never run against an emulator is an adapter nobody has seen work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
}

/** What every AWS client of a test is built with: moto's endpoint, one region, any credentials. */
export interface MotoClientConfig {
  endpoint: string;
  region: 'us-east-1';
  credentials: { accessKeyId: string; secretAccessKey: string };
}

const MISSING_MOTO =
  "moto_server is not on PATH: the AWS adapter tests need moto's server (pip install 'moto[server]==5.2.1')";

const READY_TIMEOUT_MS = 20_000;

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // Its own process group, so that stopping it also stops whatever a launcher (a pyenv shim) started.
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([answers(endpoint), failed(child, () => stderr)]);
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
  return { endpoint, stop: () => stop(child, exited) };
}

/**
 * moto for code that builds its AWS clients from the environment, as the CLI does on an operator's machine:
 * started before the file's tests with its endpoint, a region and credentials in `process.env`, which is put
 * back as it was after them. Returns the running moto.
 */
export function motoInEnvironment(): () => Moto {
  let moto: Moto | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    moto = await startMoto();
    const env = {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    };
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await moto?.stop();
  });
  return () => {
    if (!moto) throw new Error('moto starts before the tests of the file');
    return moto;
  };
}

export const motoClientConfig = (endpoint: string): MotoClientConfig => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

/** A port nothing listens on now: the one the system hands out for port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

async function answers(endpoint: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Rejects when the server cannot be started or exits before it answers. */
function failed(child: ChildProcess, stderr: () => string): Promise<never> {
  return new Promise((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(MISSING_MOTO) : error),
    );
    child.once('exit', (code) =>
      reject(new Error(`moto_server exited (${code}) before answering: ${stderr()}`)),
    );
  });
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const group = -child.pid;
  signal(group, 'SIGTERM');
  const killed = setTimeout(() => signal(group, 'SIGKILL'), 2_000);
  await exited;
  clearTimeout(killed);
}

function signal(group: number, name: NodeJS.Signals): void {
  try {
    process.kill(group, name);
  } catch {
    // The group has already gone.
  }
}
