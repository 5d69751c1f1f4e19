/** `bcship sandbox …`: the sandbox's own command line, kept running until a signal stops it. */
import { runSandboxCli } from '../sandbox/cli.ts';
import { UsageError } from './run.ts';

export async function runSandboxCommand(args: string[]): Promise<number> {
  try {
    await runSandboxCli(args);
  } catch (error) {
    throw new UsageError(`sandbox: ${(error as Error).message}`);
  }
  // The server keeps the process alive; its signal handlers end it.
  return new Promise<number>(() => {});
}
