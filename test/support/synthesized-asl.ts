/**
 * Every local run of the CLI synthesizes the app's definition. Tests that run the CLI in-process get the one
 * synthesized once per test run (test/global-setup.ts) instead, which is what it would synthesize: same app,
 * same context. Use as
 * `vi.mock('../../lib/asl.ts', async (importOriginal) => (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()))`.
 */
import { inject } from 'vitest';

type AslModule = typeof import('../../lib/asl.ts');

export function withSynthesizedAsl(original: AslModule): AslModule {
  return {
    ...original,
    synthesizeOnboardAsl: (...args: Parameters<AslModule['synthesizeOnboardAsl']>) =>
      Object.keys(args[0] ?? {}).length === 0
        ? structuredClone(inject('onboardAsl'))
        : original.synthesizeOnboardAsl(...args),
  };
}
