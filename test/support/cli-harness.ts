/** The bcship CLI in-process: main() with its output captured, against an in-process sandbox. */
import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/report.ts';
import type { Sandbox } from '../../sandbox/index.ts';

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
