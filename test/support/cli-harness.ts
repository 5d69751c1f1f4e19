/** The bcship CLI in-process: main() with its output captured, against an in-process sandbox. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/report.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';

const SANDBOX_TOKEN = 'sandbox-token';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `bcship <args>` against `sandbox`, as store `sandbox` by default; `io` adds a terminal, say. */
export async function runCli(
  sandbox: Sandbox,
  args: string[],
  options: { env?: Record<string, string>; io?: Partial<CliIO> } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {
      BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2`,
      BC_STORE_HASH: 'sandbox',
      BC_ACCESS_TOKEN: SANDBOX_TOKEN,
      ...options.env,
    },
    progress: false,
    ...options.io,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * A test file's sandbox and home folder: `start` in each test, stopped and removed after it. `bcship` runs a
 * command line (split on spaces) with that home; `file` writes a profile or seed there.
 */
export function cliFixture(prefix: string) {
  let home = '';
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    if (home) rmSync(home, { recursive: true, force: true });
    home = '';
  });
  return {
    async start(options: SandboxOptions = {}): Promise<Sandbox> {
      home = mkdtempSync(join(tmpdir(), prefix));
      sandbox = await startSandbox(options);
      return sandbox;
    },
    get home(): string {
      return home;
    },
    get sandbox(): Sandbox {
      if (!sandbox) throw new Error('start the fixture first');
      return sandbox;
    },
    bcship: (line: string, options: Parameters<typeof runCli>[2] = {}) =>
      runCli(sandbox!, [...line.split(' '), '--home', home], options),
    file(name: string, lines: readonly string[]): string {
      const file = join(home, name);
      writeFileSync(file, lines.join('\n'));
      return file;
    },
  };
}
