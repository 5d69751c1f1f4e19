/**
 * Builds the CDK app: the bcship stack with the cdk-nag AwsSolutions and Serverless packs registered as
 * validation plugins. Used by `bin/app.ts`, the infrastructure tests and the local runner, so all three
 * synthesize the same thing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { BcshipStack } from './bcship-stack.ts';
import { PROJECT_ROOT } from './settings.ts';

const STACK_NAME = 'Bcship';

export interface CreateAppOptions {
  /** Where the cloud assembly goes; defaults to `CDK_OUTDIR` (set by the CLI) or a fresh temporary directory. */
  outdir?: string;
  env?: Environment;
}

export const createApp = (
  context: Record<string, unknown> = {},
  options: CreateAppOptions = {},
): { app: App; stack: BcshipStack } => {
  const app = new App({
    context: { ...cdkJsonContext(), ...context },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  // cdk-nag 3 runs as a policy validation plugin after synthesis (an Aspect would crash it).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  const stack = new BcshipStack(app, STACK_NAME, {
    ...(options.env ? { env: options.env } : {}),
    description: 'bcship: BigCommerce shipping setup as code, run by AWS Step Functions',
  });
  return { app, stack };
};

/**
 * The context (feature flags, settings) of `cdk.json`. The CLI passes it to the app itself; reading it here
 * too makes an in-process synthesis (tests, the local runner) produce what `cdk synth` produces.
 */
const cdkJsonContext = (): Record<string, unknown> => {
  const file = path.join(PROJECT_ROOT, 'cdk.json');
  if (!fs.existsSync(file)) return {};
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return config.context ?? {};
};
