/**
 * Synthesis for the infrastructure tests: the real app (cdk-nag included) into a temporary cloud assembly.
 * The default app is synthesized once per test run (test/global-setup.ts) and read through `defaultApp`; a
 * test that needs other context synthesizes its own with `synthesize`, and removes it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import { type CreateAppOptions, createApp } from '../../lib/app.ts';
import type { TemplateJson } from '../../lib/asl.ts';
import type { BcshipStack } from '../../lib/bcship-stack.ts';

/** Context that skips asset bundling: for tests about structure only, where esbuild output does not matter. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

export interface SynthesizedTemplate {
  template: Template;
  json: TemplateJson & { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  assemblyDir: string;
}

export interface Synthesized extends SynthesizedTemplate {
  stack: BcshipStack;
  cleanup(): void;
}

/**
 * The default app (no extra context, functions bundled, as `cdk synth` does), synthesized once per test run
 * by test/global-setup.ts, which also removes its assembly. Read it; never write into its directory.
 */
export const defaultApp = (): SynthesizedTemplate => {
  const json = inject('appTemplate');
  return { template: Template.fromJSON(json), json, assemblyDir: inject('appAssemblyDir') };
};

export const temporaryDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

export const synthesize = (
  context: Record<string, unknown> = {},
  options: Omit<CreateAppOptions, 'outdir'> = {},
): Synthesized => {
  const assemblyDir = temporaryDir('bcship-cdk-');
  const { app, stack } = createApp(context, { ...options, outdir: assemblyDir });
  app.synth();
  const template = Template.fromStack(stack);
  return {
    stack,
    template,
    json: template.toJSON() as Synthesized['json'],
    assemblyDir,
    cleanup: () => fs.rmSync(assemblyDir, { recursive: true, force: true }),
  };
};

export interface Finding {
  plugin: string;
  rule: string;
  severity: string;
  constructPath: string;
}

/** Every violation the validation plugins reported and no acknowledgement covered, whatever its severity. */
export const unacknowledgedFindings = (assemblyDir: string): Finding[] => {
  const report = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: {
        ruleName: string;
        severity: string;
        violatingConstructs?: { constructPath?: string }[];
      }[];
    }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      (violation.violatingConstructs ?? [{}]).map((construct) => ({
        plugin: plugin.pluginName,
        rule: violation.ruleName,
        severity: violation.severity,
        constructPath: construct.constructPath ?? '(unknown)',
      })),
    ),
  );
};

type Resources = Synthesized['json']['Resources'];

/** The logical ids of the resources of one type. */
export const logicalIdsOfType = (resources: Resources, type: string): string[] =>
  Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);

/** Renders CloudFormation intrinsics readably, as cdk-nag does: `arn:<AWS::Partition>:…`, `<Table.Arn>`. */
export const renderIntrinsic = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const record = value as Record<string, unknown>;
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map(renderIntrinsic).join(separator);
  }
  if ('Ref' in record) return `<${String(record.Ref)}>`;
  if ('Fn::GetAtt' in record) return `<${(record['Fn::GetAtt'] as string[]).join('.')}>`;
  return JSON.stringify(value);
};

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourcesOf = (statement: Statement): string[] =>
  (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]).map(renderIntrinsic);

/** The statements of every policy attached to a role (by the role's logical id). */
export const statementsOfRole = (resources: Resources, roleLogicalId: string): Statement[] =>
  Object.values(resources)
    .filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        (resource.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
