/**
 * The bcship CLI as real processes: `bin/bcship.ts` interrupted mid-apply, and pointed at a sandbox started
 * separately through the environment. Each process loads and synthesizes the app itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';

const TOKEN = 'sandbox-token';
let home: string;
let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('bcship as separate processes', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  /** The process's exit code and everything it printed. */
  const collected = (child: ChildProcess) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      err += chunk;
    });
    return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
      child.once('exit', (code) => resolve({ code, out, err })),
    );
  };

  const start = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return child;
  };

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s during a local apply releases the lease, says what was done, and a re-run finishes at once',
    async (signal, code) => {
      home = mkdtempSync(join(tmpdir(), 'bcship-proc-'));
      const registryFile = join(home, 'registry.json');
      const leases = () =>
        existsSync(registryFile) ? (JSON.parse(readFileSync(registryFile, 'utf8')).leases ?? {}) : {};
      // Once the first run has resolved its zones (listing them is ResolveZones' last read), the sandbox holds
      // every further request: the run is stuck in ApplyZones, lease taken, until the test lets go. No timing.
      let holding = true;
      const zonesResolved = () => sandbox!.requests.some((entry) => /\/shipping\/zones$/.test(entry.path));
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let stuck!: () => void;
      const runIsStuck = new Promise<void>((resolve) => {
        stuck = resolve;
      });
      sandbox = await startSandbox({
        latency: { fixedMs: 1, jitterMs: 0 },
        sleep: async () => {
          if (!holding || !zonesResolved()) return;
          stuck();
          await held;
        },
      });
      const env = {
        BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2`,
        BC_STORE_HASH: 'sandbox',
        BC_ACCESS_TOKEN: TOKEN,
      };
      const args = [
        'bin/bcship.ts',
        'onboard',
        '--local',
        '--store',
        'sandbox',
        '--profile',
        'flat-rate',
        '--home',
        home,
      ];
      const onboard = start(args, env);
      const interrupted = collected(onboard);
      await runIsStuck;
      expect(leases().sandbox).toBeDefined();

      onboard.kill(signal);

      const first = await interrupted;
      expect(first.code).toBe(code);
      expect(leases()).toEqual({});
      expect(first.err).toContain(`Interrupted (${signal}).`);
      expect(first.err).toContain('Done: Resolve zones.');
      expect(first.err).toContain('Run the same command again to finish');
      holding = false;
      release();

      // Each process synthesizes the app itself: two of them in a row under a loaded machine take a while.
      const again = await collected(start(args, env));
      expect(again.code).toBe(0);
      expect(again.out + again.err).not.toContain('StoreBusy');
      expect(again.out).toMatch(/store sandbox · profile flat-rate · (succeeded|in-sync)/);
    },
    150_000,
  );

  it('onboards a sandbox started separately, configured only by BC_API_URL, BC_STORE_HASH and BC_ACCESS_TOKEN', async () => {
    home = mkdtempSync(join(tmpdir(), 'bcship-proc-'));
    const server = start(['sandbox/cli.ts', '--port', '0']);
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: server.stdout! });
      lines.on('line', (line) => {
        const match = /base URL (\S+)/.exec(line);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
    });

    const onboard = start(
      ['bin/bcship.ts', 'onboard', '--local', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home],
      { BC_API_URL: baseUrl, BC_STORE_HASH: 'sandbox', BC_ACCESS_TOKEN: TOKEN },
    );
    let output = '';
    onboard.stdout!.on('data', (chunk) => {
      output += chunk;
    });
    onboard.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    const code = await new Promise<number | null>((resolve) => onboard.once('exit', resolve));

    expect(output).toContain('2 change(s) made');
    expect(code).toBe(0);
    const zones = await fetch(`${baseUrl}/shipping/zones/1/methods`, {
      headers: { 'X-Auth-Token': TOKEN, Accept: 'application/json' },
    });
    expect(((await zones.json()) as unknown[]).length).toBe(1);
  }, 60_000);
});
