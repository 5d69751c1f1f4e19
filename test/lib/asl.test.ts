import validateAsl from 'asl-validator';
import { describe, expect, inject, it } from 'vitest';
import {
  type AslDefinition,
  extractStateMachineAsl,
  fakeFunctionArn,
  type OnboardAsl,
  synthesizeOnboardAsl,
  type TemplateJson,
} from '../../lib/asl.ts';
import { timeoutSecondsOf, WORKFLOW_OPERATIONS } from '../support/operations.ts';

// Extracted from the default app, bundled as `cdk synth` bundles it, once per test run (test/global-setup.ts).
const asl: OnboardAsl = inject('onboardAsl');

const taskResources = (definition: AslDefinition): string[] =>
  Object.values(definition.States).flatMap((state) => [
    ...(state.Type === 'Task' ? [state.Resource as string] : []),
    ...(state.ItemProcessor ? taskResources(state.ItemProcessor as AslDefinition) : []),
  ]);

describe('synthesizeOnboardAsl', () => {
  it('leaves no CloudFormation intrinsic in the definition', () => {
    const text = JSON.stringify(asl.definition);
    expect(text).not.toContain('Fn::');
    expect(text).not.toContain('"Ref"');
    expect(text).not.toContain('${Token');
  });

  it('produces a definition asl-validator accepts', () => {
    const result = validateAsl(structuredClone(asl.definition));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('maps every Task resource to the operation of its function', () => {
    const resources = taskResources(asl.definition);
    expect(resources).toHaveLength(WORKFLOW_OPERATIONS.length);
    for (const resource of resources) expect(asl.tasks[resource], resource).toBeDefined();
    expect(
      Object.values(asl.tasks)
        .map((task) => task.operation)
        .sort(),
    ).toEqual([...WORKFLOW_OPERATIONS].sort());
  });

  it('names each fake function ARN after the function logical id', () => {
    for (const [arn, task] of Object.entries(asl.tasks)) {
      expect(arn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${task.logicalId}`);
    }
  });

  it('extracts the same definition without bundling the functions', () => {
    expect(synthesizeOnboardAsl({}, { bundle: false })).toEqual(asl);
  });

  it('follows the context it is given', () => {
    const { definition } = synthesizeOnboardAsl({ 'bcship:mapMaxConcurrency': 3 }, { bundle: false });
    expect(definition.States.ApplyZones!.MaxConcurrency).toBe(3);
  });

  it('reports each function timeout', () => {
    for (const task of Object.values(asl.tasks)) {
      expect(task.timeoutSeconds, task.operation).toBe(timeoutSecondsOf(task.operation));
    }
  });
});

const lambdaFunction = (operation?: string, timeout = 60) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Timeout: timeout,
    Environment: { Variables: operation ? { BCSHIP_OPERATION: operation } : {} },
  },
});

const machineOf = (definitionString: unknown) => ({
  Type: 'AWS::StepFunctions::StateMachine',
  Properties: { DefinitionString: definitionString },
});

const joined = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

describe('extractStateMachineAsl', () => {
  it('replaces function ARNs and pseudo parameters with fixed fake values', () => {
    const template: TemplateJson = {
      Resources: {
        Fn1: lambdaFunction('verify', 45),
        Machine: machineOf(
          joined(
            '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"',
            { 'Fn::GetAtt': ['Fn1', 'Arn'] },
            '","Comment":"',
            { Ref: 'AWS::Region' },
            '","End":true}}}',
          ),
        ),
      },
    };
    const { definition, tasks } = extractStateMachineAsl(template);
    expect(definition.States.A).toEqual({
      Type: 'Task',
      Resource: fakeFunctionArn('Fn1'),
      Comment: 'us-east-1',
      End: true,
    });
    expect(tasks).toEqual({
      [fakeFunctionArn('Fn1')]: { logicalId: 'Fn1', operation: 'verify', timeoutSeconds: 45 },
    });
  });

  it('refuses a template without exactly one state machine', () => {
    expect(() => extractStateMachineAsl({ Resources: {} })).toThrow(/found 0/);
    const machine = machineOf('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}');
    expect(() => extractStateMachineAsl({ Resources: { A: machine, B: machine } })).toThrow(/found 2/);
  });

  it('refuses a Task function without BCSHIP_OPERATION, naming it', () => {
    const template: TemplateJson = {
      Resources: {
        Anonymous: lambdaFunction(undefined),
        Machine: machineOf(joined('{"Resource":"', { 'Fn::GetAtt': ['Anonymous', 'Arn'] }, '"}')),
      },
    };
    expect(() => extractStateMachineAsl(template)).toThrow('Function Anonymous has no BCSHIP_OPERATION');
  });

  it('refuses an intrinsic it cannot resolve instead of leaving it in the definition', () => {
    const template: TemplateJson = {
      Resources: {
        Machine: machineOf(joined('{"Resource":"', { 'Fn::ImportValue': 'Elsewhere' }, '"}')),
      },
    };
    expect(() => extractStateMachineAsl(template)).toThrow(/Cannot resolve .*Fn::ImportValue/);
  });
});
