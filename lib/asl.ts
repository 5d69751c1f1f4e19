/**
 * The Onboard state machine as plain Amazon States Language, taken from the synthesized template: what the
 * local runner executes and what asl-validator checks is exactly what CloudFormation would deploy.
 *
 * The template's `DefinitionString` is an `Fn::Join` of string fragments and references to the functions;
 * each function reference becomes a deterministic fake ARN naming the function's logical id, and `tasks`
 * maps that ARN back to the function's operation (its `BCSHIP_OPERATION`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { createApp } from './app.ts';

// CDK skips asset bundling for stacks not listed here.
const BUNDLING_STACKS_CONTEXT = 'aws:cdk:bundling-stacks';

const FAKE_ACCOUNT = '123456789012';
const FAKE_REGION = 'us-east-1';

export const fakeFunctionArn = (logicalId: string): string =>
  `arn:aws:lambda:${FAKE_REGION}:${FAKE_ACCOUNT}:function:${logicalId}`;

interface AslTask {
  logicalId: string;
  /** The operation the function runs: its BCSHIP_OPERATION. */
  operation: string;
  /** The function's timeout. */
  timeoutSeconds: number;
}

export interface OnboardAsl {
  definition: AslDefinition;
  /** By fake function ARN, as it appears in each Task's `Resource`. */
  tasks: Record<string, AslTask>;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  [field: string]: unknown;
}

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface TemplateJson {
  Resources?: Record<string, TemplateResource>;
}

class AslExtractionError extends Error {
  override readonly name = 'AslExtractionError';
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': FAKE_REGION,
  'AWS::AccountId': FAKE_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Extracts a state machine of a synthesized template as plain ASL: the Onboard workflow (STANDARD), or the same
 * definition as scheduled reconciliation runs it (EXPRESS).
 */
export const extractStateMachineAsl = (
  template: TemplateJson,
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): OnboardAsl => {
  const resources = template.Resources ?? {};
  const machines = Object.entries(resources).filter(
    // CloudFormation's default type is STANDARD.
    ([, r]) =>
      r.Type === 'AWS::StepFunctions::StateMachine' &&
      (r.Properties?.StateMachineType ?? 'STANDARD') === type,
  );
  if (machines.length !== 1) {
    throw new AslExtractionError(
      `Expected one ${type} AWS::StepFunctions::StateMachine, found ${machines.length}`,
    );
  }
  const [, machine] = machines[0]!;
  const tasks: Record<string, AslTask> = {};

  const functionArn = (logicalId: string): string => {
    const resource = resources[logicalId];
    if (resource?.Type !== 'AWS::Lambda::Function') {
      throw new AslExtractionError(`The definition references ${logicalId}, which is not a Lambda function`);
    }
    const environment = resource.Properties?.Environment as
      | { Variables?: Record<string, unknown> }
      | undefined;
    const operation = environment?.Variables?.BCSHIP_OPERATION;
    if (typeof operation !== 'string') {
      throw new AslExtractionError(`Function ${logicalId} has no BCSHIP_OPERATION environment variable`);
    }
    const timeout = resource.Properties?.Timeout;
    const arn = fakeFunctionArn(logicalId);
    tasks[arn] = { logicalId, operation, timeoutSeconds: typeof timeout === 'number' ? timeout : 3 };
    return arn;
  };

  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (value !== null && typeof value === 'object') {
      const [intrinsic, argument] = Object.entries(value)[0] ?? [];
      if (intrinsic === 'Fn::Join' && Array.isArray(argument) && Array.isArray(argument[1])) {
        return (argument[1] as unknown[]).map(resolve).join(String(argument[0]));
      }
      if (intrinsic === 'Fn::GetAtt' && Array.isArray(argument) && argument[1] === 'Arn') {
        return functionArn(String(argument[0]));
      }
      if (intrinsic === 'Ref' && typeof argument === 'string') {
        const pseudo = PSEUDO_PARAMETERS[argument];
        if (pseudo !== undefined) return pseudo;
        // A Ref to a function is its name: the fake ARN's last segment.
        if (resources[argument]?.Type === 'AWS::Lambda::Function') return argument;
      }
    }
    throw new AslExtractionError(`Cannot resolve ${JSON.stringify(value)} in the state machine definition`);
  };

  const definitionString = resolve(machine.Properties?.DefinitionString);
  const definition = JSON.parse(definitionString) as AslDefinition;
  return { definition, tasks };
};

export interface SynthesizeAslOptions {
  /**
   * Bundle the functions with esbuild (the default, as `cdk synth` does). Without bundling, synthesis takes a
   * fraction of the time and the definition is the same: bundles only change asset hashes, never the ASL.
   */
  bundle?: boolean;
}

/** Synthesizes the app in-process (no CLI, no credentials) and returns its Onboard state machine. */
export const synthesizeOnboardAsl = (
  context: Record<string, unknown> = {},
  options: SynthesizeAslOptions = {},
): OnboardAsl => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcship-asl-'));
  try {
    const { app, stack } = createApp(
      options.bundle === false ? { ...context, [BUNDLING_STACKS_CONTEXT]: [] } : context,
      { outdir },
    );
    const assembly = app.synth();
    const template = assembly.getStackArtifact(Stack.of(stack).artifactId).template as TemplateJson;
    return extractStateMachineAsl(template);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
};
