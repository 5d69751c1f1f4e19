import { beforeAll, describe, expect, it } from 'vitest';
import { RETRYABLE_BIGCOMMERCE_ERRORS } from '../../lambdas/bigcommerce/errors.ts';
import { EXECUTION_TIMEOUT_SECONDS, STORE_LEASE_SECONDS } from '../../lambdas/workflow-contract.ts';
import { type AslDefinition, extractStateMachineAsl, type OnboardAsl } from '../../lib/asl.ts';
import { TERMINAL_ERRORS } from '../../lib/retry-policies.ts';
import { timeoutSecondsOf, WORKFLOW_OPERATIONS } from '../support/operations.ts';
import {
  actionsOf,
  defaultApp,
  logicalIdsOfType,
  renderIntrinsic,
  resourcesOf,
  SKIP_BUNDLING,
  statementsOfRole,
  synthesize,
} from './synth.ts';

type State = Record<string, unknown>;

// The default app, synthesized once per test run (test/global-setup.ts).
const synthesized = defaultApp();
let asl: OnboardAsl;
let states: Record<string, State>;
let stateMachine: Record<string, unknown>;

const TASK_PAYLOAD = { 'state.$': '$', 'executionId.$': '$$.Execution.Name' };
const CATCH_INTO_ROLLBACK_CHOICE = [
  { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Roll back?' },
];

/** The retry policies every Task carries, in order, as they must appear in the deployed ASL. */
const EXPECTED_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.TooManyRequestsException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 5,
    BackoffRate: 2,
    MaxDelaySeconds: 20,
    JitterStrategy: 'FULL',
  },
  {
    ErrorEquals: ['BigCommerceRateLimited'],
    IntervalSeconds: 5,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  },
  {
    ErrorEquals: ['BigCommerceUnavailable', 'BigCommerceTimeout'],
    IntervalSeconds: 2,
    MaxAttempts: 8,
    BackoffRate: 2,
    MaxDelaySeconds: 30,
    JitterStrategy: 'FULL',
  },
  {
    ErrorEquals: [
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'ThrottlingException',
      'EventsRejected',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 4,
    BackoffRate: 2,
    MaxDelaySeconds: 20,
    JitterStrategy: 'FULL',
  },
  {
    ErrorEquals: ['States.Timeout', 'Sandbox.Timedout'],
    IntervalSeconds: 5,
    MaxAttempts: 1,
    BackoffRate: 2,
    MaxDelaySeconds: 10,
    JitterStrategy: 'FULL',
  },
];

/** ResolveZones' wait for a store another execution is changing: long, and a few times only. */
const STORE_BUSY_RETRY = {
  ErrorEquals: ['StoreBusy'],
  IntervalSeconds: 30,
  MaxAttempts: 6,
  BackoffRate: 2,
  MaxDelaySeconds: 300,
  JitterStrategy: 'FULL',
};

/** Every Task state, including the ones inside the Map's item processor. */
const allTasks = (definition: { States: Record<string, State> }): [string, State][] =>
  Object.entries(definition.States).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, State]] : []),
    ...(state.ItemProcessor ? allTasks(state.ItemProcessor as AslDefinition) : []),
  ]);

const operationOf = (task: State): string => asl.tasks[task.Resource as string]!.operation;

beforeAll(() => {
  asl = extractStateMachineAsl(synthesized.json);
  states = asl.definition.States;
  const [machineId] = logicalIdsOfType(synthesized.json.Resources, 'AWS::StepFunctions::StateMachine');
  stateMachine = synthesized.json.Resources[machineId!]!.Properties;
});

describe('the Onboard state machine', () => {
  it('is a Standard workflow written in JSONPath', () => {
    expect(stateMachine.StateMachineType).toBe('STANDARD');
    expect(asl.definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(JSON.stringify(asl.definition)).not.toMatch(/JSONata|"Arguments"|"Output"|"Assign"/);
  });

  it('has exactly the documented states', () => {
    expect(Object.fromEntries(Object.entries(states).map(([name, state]) => [name, state.Type]))).toEqual({
      ResolveZones: 'Task',
      'Mode?': 'Choice',
      'Wait for the burst': 'Wait',
      'Carriers to connect?': 'Choice',
      ConnectCarriers: 'Task',
      ApplyZones: 'Map',
      'Check zones': 'Pass',
      'Any zone failed?': 'Choice',
      'Pick first zone error': 'Pass',
      'First zone error': 'Pass',
      'Plan only?': 'Choice',
      Verify: 'Task',
      'Probe checkout?': 'Choice',
      Probe: 'Task',
      Record: 'Task',
      'Roll back?': 'Choice',
      Rollback: 'Task',
      RecordFailure: 'Task',
      Failed: 'Fail',
      RecordFailureFailed: 'Fail',
    });
  });

  it('sends a run ResolveZones handed back (notBefore still ahead) to wait, then to ResolveZones again', () => {
    expect(asl.definition.StartAt).toBe('ResolveZones');
    expect(states['Wait for the burst']).toEqual({
      Type: 'Wait',
      TimestampPath: '$.notBefore',
      Next: 'ResolveZones',
    });
  });

  it('reads the store first in ResolveZones, which receives the input and the execution name and replaces the state', () => {
    expect(states.ResolveZones).toMatchObject({ Parameters: TASK_PAYLOAD, Next: 'Mode?' });
    expect(states.ResolveZones!.ResultPath ?? '$').toBe('$');
    expect(operationOf(states.ResolveZones!)).toBe('resolve-zones');
  });

  it('Mode? sends a run still before its notBefore to wait, mode verify straight to Verify and anything else on to Carriers to connect?', () => {
    expect(states['Mode?']).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.notBefore', IsPresent: true, Next: 'Wait for the burst' },
        { Variable: '$.mode', StringEquals: 'verify', Next: 'Verify' },
      ],
      Default: 'Carriers to connect?',
    });
  });

  it('Carriers to connect? goes to ConnectCarriers only when at least one carrier is listed', () => {
    expect(states['Carriers to connect?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.carriers[0]', IsPresent: true, Next: 'ConnectCarriers' }],
      Default: 'ApplyZones',
    });
  });

  it('ConnectCarriers keeps its result at $.connected and continues with ApplyZones', () => {
    expect(states.ConnectCarriers).toMatchObject({
      Parameters: TASK_PAYLOAD,
      ResultPath: '$.connected',
      Next: 'ApplyZones',
    });
    expect(operationOf(states.ConnectCarriers!)).toBe('connect-carriers');
  });

  it('ApplyZones runs one inline iteration per zone, each given exactly a ZoneTaskInput', () => {
    const applyZones = states.ApplyZones!;
    expect(applyZones).toMatchObject({
      ItemsPath: '$.zones',
      ItemSelector: {
        'storeHash.$': '$.storeHash',
        'executionId.$': '$$.Execution.Name',
        'mode.$': '$.mode',
        'prune.$': '$.prune',
        'index.$': '$$.Map.Item.Index',
        'zone.$': '$$.Map.Item.Value',
      },
      ResultPath: '$.applied',
      Next: 'Check zones',
    });
    expect(Object.keys(applyZones.ItemSelector as object)).toHaveLength(6);
    const processor = applyZones.ItemProcessor as AslDefinition & { ProcessorConfig: { Mode: string } };
    expect(processor.ProcessorConfig.Mode).toBe('INLINE');
    expect(processor.StartAt).toBe('ApplyZoneMethods');
    expect(Object.keys(processor.States).sort()).toEqual(['ApplyZoneMethods', 'Zone failed']);
    const iteration = processor.States.ApplyZoneMethods!;
    expect(iteration).toMatchObject({ Type: 'Task', End: true });
    // The iteration's input is the selected item as is.
    expect(iteration.Parameters).toBeUndefined();
    expect(operationOf(iteration)).toBe('apply-zone-methods');
  });

  it('a zone that failed after its retries ends its iteration as a failed result, so the Map waits for the others', () => {
    const processor = states.ApplyZones!.ItemProcessor as AslDefinition;
    expect(processor.States.ApplyZoneMethods!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Zone failed' },
    ]);
    expect(processor.States['Zone failed']).toEqual({
      Type: 'Pass',
      Parameters: {
        'zoneId.$': '$.zone.zoneId',
        'zoneName.$': '$.zone.zoneName',
        failed: true,
        'error.$': '$.error',
        changes: 0,
        warnings: 0,
      },
      End: true,
    });
  });

  it('Check zones notes whether any zone failed, from a flag every zone result carries', () => {
    expect(states['Check zones']).toEqual({
      Type: 'Pass',
      Parameters: { 'anyFailed.$': 'States.ArrayContains($.applied[*].failed, true)' },
      ResultPath: '$.zoneFailures',
      Next: 'Any zone failed?',
    });
  });

  it('Any zone failed? goes on to Plan only? when every zone applied', () => {
    expect(states['Any zone failed?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.zoneFailures.anyFailed', BooleanEquals: true, Next: 'Pick first zone error' }],
      Default: 'Plan only?',
    });
  });

  it('a failed zone’s error becomes the run’s $.error, as is, before Roll back?', () => {
    // Only the first failed zone's error is copied out of $.applied, not every one of them.
    expect(states['Pick first zone error']).toEqual({
      Type: 'Pass',
      InputPath: '$.applied[?(@.failed == true)].error',
      Parameters: { 'first.$': 'States.ArrayGetItem($, 0)' },
      ResultPath: '$.zoneFailures',
      Next: 'First zone error',
    });
    expect(states['First zone error']).toEqual({
      Type: 'Pass',
      InputPath: '$.zoneFailures.first',
      ResultPath: '$.error',
      Next: 'Roll back?',
    });
  });

  it('ApplyZones works on two zones at a time by default', () => {
    expect(states.ApplyZones!.MaxConcurrency).toBe(2);
  });

  it('ApplyZones takes its concurrency from the bcship:mapMaxConcurrency context', () => {
    const custom = synthesize({ ...SKIP_BUNDLING, 'bcship:mapMaxConcurrency': 5 });
    try {
      expect(extractStateMachineAsl(custom.json).definition.States.ApplyZones!.MaxConcurrency).toBe(5);
    } finally {
      custom.cleanup();
    }
  });

  it('Plan only? records a plan without verifying, and verifies anything else', () => {
    expect(states['Plan only?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.mode', StringEquals: 'plan', Next: 'Record' }],
      Default: 'Verify',
    });
  });

  it('Verify keeps its result at $.verification and continues with Probe checkout?', () => {
    expect(states.Verify).toMatchObject({
      // It reads zones back as many at a time as the Map applies them.
      Parameters: {
        ...TASK_PAYLOAD,
        concurrency: (states.ApplyZones as { MaxConcurrency: number }).MaxConcurrency,
      },
      ResultPath: '$.verification',
      Next: 'Probe checkout?',
    });
    expect(operationOf(states.Verify!)).toBe('verify-zones');
  });

  it('Probe checkout? probes only when the profile has checkout expectations, then Record', () => {
    expect(states['Probe checkout?']).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.checkoutExpectations', NumericGreaterThan: 0, Next: 'Probe' }],
      Default: 'Record',
    });
    expect(states.Probe).toMatchObject({ Parameters: TASK_PAYLOAD, ResultPath: '$.probe', Next: 'Record' });
    expect(states.Probe!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Roll back?' },
    ]);
    expect(operationOf(states.Probe!)).toBe('probe-checkout');
  });

  it('may run for two hours, a little less than a store lease lasts', () => {
    expect(asl.definition.TimeoutSeconds).toBe(EXECUTION_TIMEOUT_SECONDS);
    expect(EXECUTION_TIMEOUT_SECONDS).toBe(2 * 60 * 60);
    expect(STORE_LEASE_SECONDS).toBeGreaterThan(EXECUTION_TIMEOUT_SECONDS);
    expect(STORE_LEASE_SECONDS - EXECUTION_TIMEOUT_SECONDS).toBeLessThanOrEqual(15 * 60);
  });

  it('Record replaces the state with its summary, the execution output, and succeeds', () => {
    expect(states.Record).toMatchObject({ Parameters: TASK_PAYLOAD, End: true });
    expect(states.Record!.ResultPath ?? '$').toBe('$');
    expect(operationOf(states.Record!)).toBe('record');
  });
});

describe('failure handling', () => {
  it('every top-level Task that can leave the store half-changed, and the Map, catch everything into $.error and Roll back?', () => {
    for (const name of ['ResolveZones', 'ConnectCarriers', 'ApplyZones', 'Verify']) {
      expect(states[name]!.Catch, name).toEqual(CATCH_INTO_ROLLBACK_CHOICE);
    }
  });

  it('a failing Record is recorded as a failure and never rolls back the verified store', () => {
    expect(states.Record!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
    ]);
  });

  it('Roll back? rolls back only when rollback is true and mode is apply, testing presence first', () => {
    expect(states['Roll back?']).toEqual({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.rollback', IsPresent: true },
            { Variable: '$.rollback', BooleanEquals: true },
            { Variable: '$.mode', IsPresent: true },
            { Variable: '$.mode', StringEquals: 'apply' },
          ],
          Next: 'Rollback',
        },
      ],
      Default: 'RecordFailure',
    });
  });

  it('Rollback keeps its result at $.rolledBack and records the failure, even when it fails itself', () => {
    expect(states.Rollback).toMatchObject({
      Parameters: TASK_PAYLOAD,
      ResultPath: '$.rolledBack',
      Next: 'RecordFailure',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.rollbackError', Next: 'RecordFailure' }],
    });
    expect(operationOf(states.Rollback!)).toBe('rollback');
  });

  it('RecordFailure replaces the state with the failure summary and ends in Failed', () => {
    expect(states.RecordFailure).toMatchObject({ Parameters: TASK_PAYLOAD, Next: 'Failed' });
    expect(states.RecordFailure!.ResultPath ?? '$').toBe('$');
    expect(operationOf(states.RecordFailure!)).toBe('record-failure');
  });

  it('Failed reports the error and cause from the failure summary', () => {
    expect(states.Failed).toEqual({
      Type: 'Fail',
      ErrorPath: '$.failure.error',
      CausePath: '$.failure.cause',
    });
  });

  it('a failing RecordFailure ends in RecordFailureFailed with a static error and cause', () => {
    expect(states.RecordFailure!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.recordFailureError', Next: 'RecordFailureFailed' },
    ]);
    expect(states.RecordFailureFailed).toMatchObject({ Type: 'Fail', Error: 'RecordFailureFailed' });
    expect(states.RecordFailureFailed!.Cause).toEqual(expect.any(String));
  });
});

describe('Tasks', () => {
  it('are one per operation, apply-zone-methods inside the Map', () => {
    expect(
      allTasks(asl.definition)
        .map(([name]) => name)
        .sort(),
    ).toEqual([
      'ApplyZoneMethods',
      'ConnectCarriers',
      'Probe',
      'Record',
      'RecordFailure',
      'ResolveZones',
      'Rollback',
      'Verify',
    ]);
  });

  it('invoke their function directly, so the result is the handler return value', () => {
    for (const [name, task] of allTasks(asl.definition)) {
      expect(task.Resource, name).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:[A-Za-z0-9]+$/);
      expect(asl.tasks[task.Resource as string], name).toBeDefined();
      expect(JSON.stringify(task.Parameters ?? {}), name).not.toContain('FunctionName');
    }
  });

  it('time out ten seconds after their function, so an attempt always ends before the Task gives up on it', () => {
    for (const [name, task] of allTasks(asl.definition)) {
      expect(task.TimeoutSeconds, name).toBe(timeoutSecondsOf(operationOf(task)) + 10);
    }
    expect(states.ApplyZones!.ItemProcessor).toMatchObject({
      States: { ApplyZoneMethods: { TimeoutSeconds: 310 } },
    });
  });

  it('give Verify, which reads every zone in turn at the store’s pace, as long as applying a zone', () => {
    expect(timeoutSecondsOf('verify-zones')).toBe(300);
    expect(states.Verify!.TimeoutSeconds).toBe(310);
  });

  it('retry Lambda service errors, rate limiting, BigCommerce outages, AWS throttling and timeouts with capped, fully jittered backoff', () => {
    for (const [name, task] of allTasks(asl.definition)) {
      const waitsForTheStore = name === 'ResolveZones' || name === 'Verify';
      const expected = waitsForTheStore ? [...EXPECTED_RETRY, STORE_BUSY_RETRY] : EXPECTED_RETRY;
      if (name !== 'Rollback') expect(task.Retry, name).toEqual(expected);
    }
  });

  it('retry a timed-out Rollback four times: each attempt keeps what it undid, so the next goes on from there', () => {
    const timeout = (retries: unknown) =>
      (retries as { ErrorEquals: string[] }[]).find((retry) => retry.ErrorEquals.includes('States.Timeout'));
    expect(timeout(states.Rollback!.Retry)).toMatchObject({ MaxAttempts: 4, MaxDelaySeconds: 30 });
    const others = (retries: unknown) => (retries as unknown[]).filter((retry) => retry !== timeout(retries));
    expect(others(states.Rollback!.Retry)).toEqual(others(EXPECTED_RETRY));
  });

  it('retry every error the BigCommerce client marks retryable', () => {
    for (const [name, task] of allTasks(asl.definition)) {
      const retried = (task.Retry as { ErrorEquals: string[] }[]).flatMap((retry) => retry.ErrorEquals);
      for (const error of RETRYABLE_BIGCOMMERCE_ERRORS) expect(retried, name).toContain(error);
    }
  });

  it('only ResolveZones, which takes the store lease, and Verify, which must not read an apply half done, wait for a busy store', () => {
    const waiting = allTasks(asl.definition).filter(([, task]) =>
      (task.Retry as { ErrorEquals: string[] }[]).some((retry) => retry.ErrorEquals.includes('StoreBusy')),
    );
    expect(waiting.map(([name]) => name)).toEqual(['ResolveZones', 'Verify']);
  });

  it('never retry a terminal error, nor everything', () => {
    for (const [name, task] of allTasks(asl.definition)) {
      const retried = (task.Retry as { ErrorEquals: string[] }[]).flatMap((retry) => retry.ErrorEquals);
      for (const error of [...TERMINAL_ERRORS, 'States.ALL', 'States.TaskFailed']) {
        expect(retried, `${name} retries ${error}`).not.toContain(error);
      }
    }
  });
});

describe('operations', () => {
  it('logs every event to its own log group, without execution data', () => {
    const logging = stateMachine.LoggingConfiguration as {
      Level: string;
      IncludeExecutionData: boolean;
      Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[];
    };
    expect(logging.Level).toBe('ALL');
    expect(logging.IncludeExecutionData).toBe(false);
    const [destination] = logging.Destinations;
    const logGroupId = /^<(.+)\.Arn>$/.exec(
      renderIntrinsic(destination!.CloudWatchLogsLogGroup.LogGroupArn),
    )?.[1];
    expect(synthesized.json.Resources[logGroupId!]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
    });
  });

  it('may invoke the seven functions and nothing else, with "*" only where AWS requires it', () => {
    const resources = synthesized.json.Resources;
    const roleId = (stateMachine.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = statementsOfRole(resources, roleId);
    // The workflow's functions: the ones that start it (reconcile-stores, receive-webhook) are not among them.
    const functionIds = logicalIdsOfType(resources, 'AWS::Lambda::Function').filter((id) =>
      WORKFLOW_OPERATIONS.includes(
        (resources[id]!.Properties.Environment as { Variables: Record<string, string> }).Variables
          .BCSHIP_OPERATION!,
      ),
    );
    expect(functionIds).toHaveLength(WORKFLOW_OPERATIONS.length);
    const invoked = statements
      .filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))
      .flatMap(resourcesOf);
    expect(invoked.sort()).toEqual(functionIds.flatMap((id) => [`<${id}.Arn>`, `<${id}.Arn>:*`]).sort());
    const starActions = statements.filter((s) => resourcesOf(s).includes('*')).flatMap(actionsOf);
    for (const action of starActions) {
      expect(action).toMatch(
        /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/,
      );
    }
  });

  it('traces executions with X-Ray', () => {
    expect(stateMachine.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('raises an alarm on any failed execution', () => {
    const [machineId] = logicalIdsOfType(synthesized.json.Resources, 'AWS::StepFunctions::StateMachine');
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: machineId } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });
});
