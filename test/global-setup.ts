/**
 * Synthesizes the default app once per test run, before any test file starts: bundled and with cdk-nag, as
 * `cdk synth` does. Synthesis is the slowest thing the suite does, and most template, state machine and
 * local workflow tests only read its output, so they share this one (see `defaultApp` in test/lib/synth.ts
 * and `onboardAsl` in test/support/local-workflow.ts) instead of synthesizing their own.
 */
import type { TestProject } from 'vitest/node';
import { extractStateMachineAsl, type OnboardAsl } from '../lib/asl.ts';
import { type Synthesized, synthesize } from './lib/synth.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cloud assembly of the default app, function bundles included; removed after the run. */
    appAssemblyDir: string;
    /** The default app's stack template. */
    appTemplate: Synthesized['json'];
    /** Its Onboard state machine, as the local runner executes it. */
    onboardAsl: OnboardAsl;
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  // Two projects name this file (see vitest.config.ts): the first to start synthesizes for the whole run.
  const run = project.vitest;
  if (run.getProvidedContext().appTemplate) return undefined;
  const app = synthesize();
  run.provide('appAssemblyDir', app.assemblyDir);
  run.provide('appTemplate', app.json);
  run.provide('onboardAsl', extractStateMachineAsl(app.json));
  return app.cleanup;
}
