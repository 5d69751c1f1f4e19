/**
 * The functions of a synthesized app as CloudFormation would deploy them: each one's bundle (the asset dir
 * its `Code.S3Key` names in the cloud assembly) and its environment variables (from the template, with the
 * references to the stack's resources replaced by the names they have where the test runs).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { LambdaHandler } from '../../../lambdas/platform/lambda-handler.ts';
import type { TaskInvoker } from '../../../local/runner.ts';
import type { SynthesizedTemplate } from '../../lib/synth.ts';
import { lambdaContext } from '../../support/lambda-context.ts';

type Template = SynthesizedTemplate['json'];

const nodeRequire = createRequire(import.meta.url);

export interface DeployedFunction {
  logicalId: string;
  /** Its BCSHIP_OPERATION. */
  operation: string;
  /** As the template sets them: strings, or references to other resources of the stack. */
  variables: Record<string, unknown>;
  /** The bundle's directory in the cloud assembly (`index.mjs` and its source map). */
  assetDir: string;
}

/** Every Lambda function of the template that runs an operation. */
export function deployedFunctions(template: Template, assemblyDir: string): DeployedFunction[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .flatMap(([logicalId, { Properties }]) => {
      const variables = (Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables;
      if (typeof variables?.BCSHIP_OPERATION !== 'string') return [];
      const s3Key = (Properties.Code as { S3Key?: unknown }).S3Key;
      if (typeof s3Key !== 'string') throw new Error(`Function ${logicalId} has no asset S3Key`);
      const assetDir = path.join(assemblyDir, `asset.${s3Key.replace(/\.zip$/, '')}`);
      if (!fs.existsSync(path.join(assetDir, 'index.mjs'))) {
        throw new Error(`The bundle of ${logicalId} is not in the cloud assembly: ${assetDir}`);
      }
      return [{ logicalId, operation: variables.BCSHIP_OPERATION, variables, assetDir }];
    });
}

/**
 * One environment for every function, since they all run in this process: the union of their variables,
 * each `Ref` replaced from `refs` (by logical id). Two functions giving one variable different values would
 * make that impossible, and are refused; BCSHIP_OPERATION, which names each function's own operation, and
 * NODE_OPTIONS, which only a new process would read, are left out.
 */
export function deployedEnvironment(
  functions: DeployedFunction[],
  refs: Record<string, string>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const { logicalId, variables } of functions) {
    for (const [name, raw] of Object.entries(variables)) {
      if (name === 'BCSHIP_OPERATION' || name === 'NODE_OPTIONS') continue;
      const value = resolveRef(raw, refs, `${logicalId} ${name}`);
      if (environment[name] !== undefined && environment[name] !== value) {
        throw new Error(`${name} is ${environment[name]} in one function and ${value} in ${logicalId}`);
      }
      environment[name] = value;
    }
  }
  return environment;
}

function resolveRef(value: unknown, refs: Record<string, string>, where: string): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  const resolved = typeof ref === 'string' ? refs[ref] : undefined;
  if (resolved === undefined) throw new Error(`${where} is ${JSON.stringify(value)}, which no ref resolves`);
  return resolved;
}

/**
 * Copies each function's bundle to `into/<operation>/`. The bundles keep `@aws-sdk/*` external, as the
 * Lambda runtime provides it: under the project, Node finds it in the project's node_modules.
 */
export function copyBundles(functions: DeployedFunction[], into: string): Map<string, string> {
  const dirs = new Map<string, string>();
  for (const { operation, assetDir } of functions) {
    const dir = path.join(into, operation);
    fs.cpSync(assetDir, dir, { recursive: true });
    dirs.set(operation, dir);
  }
  return dirs;
}

/**
 * The handler a bundle exports, loaded by Node as the Lambda runtime loads `index.handler`. Node's own
 * loader (`require` of an ES module), not the test runner's: the runner would transform each
 * minified bundle first, which takes longer than the tests themselves.
 */
export function importBundle(dir: string): LambdaHandler {
  const module = nodeRequire(path.join(dir, 'index.mjs')) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${dir}/index.mjs exports no handler`);
  return module.handler as LambdaHandler;
}

/**
 * Runs each Task through its function's bundled handler, as Lambda invokes it: the payload as JSON, a
 * Lambda context, and an error thrown as the handler throws it (its `name` is the error type).
 */
export const invokeBundles =
  (handlers: ReadonlyMap<string, LambdaHandler>): TaskInvoker =>
  async (operation, payload) => {
    const handler = handlers.get(operation);
    if (!handler) throw new Error(`No deployed function runs ${operation}`);
    return handler(JSON.parse(JSON.stringify(payload)), lambdaContext(operation));
  };
