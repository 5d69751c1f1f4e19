/**
 * The Onboard workflow: one Standard execution per store run. The data flowing through it is specified in
 * `lambdas/workflow-contract.ts`; the local runner executes the ASL synthesized from this construct, so it is
 * written in JSONPath only and every Task invokes its function directly (`payloadResponseOnly`): the Task's
 * `Resource` is the function ARN and its result is the handler's return value.
 *
 *   ResolveZones ─► Mode? ─verify────────────────────────────────────────► Verify ─► Probe checkout? ─► [Probe]
 *                                                                                   ─► Record (end)
 *                        └► Carriers to connect? ─► ConnectCarriers ─► ApplyZones ─► Check zones
 *                             ─► Any zone failed? ─no─► Plan only? ─plan─► Record
 *                                                 └yes─► Pick first zone error ─► First zone error ─► Roll back?
 *   any Task or the Map fails ─► Roll back? ─► [Rollback] ─► RecordFailure ─► Failed
 *   Record fails ─► RecordFailure ─► Failed (never a rollback: the store was verified)
 *   a webhook run before its `notBefore`: ResolveZones hands its input back ─► Mode? ─► Wait for the burst
 *                                                                          ─► ResolveZones
 *
 * A zone's iteration never fails the Map: its Catch ends it as a failed ZoneOutcome (`failed: true`, the
 * error). A failed Map would abandon the other iterations while their functions went on writing, after a
 * Rollback had read the journal; this way the Map ends only once every zone has stopped writing, and the
 * first zone's error then fails the run like any other.
 *
 * The states are created in the order a run meets them; transitions are added once every state exists.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { applyZoneMethods } from '../lambdas/operations/apply-zone-methods.ts';
import { connectCarriers } from '../lambdas/operations/connect-carriers.ts';
import type { AnyOperation } from '../lambdas/operations/operation.ts';
import { probeCheckout } from '../lambdas/operations/probe-checkout.ts';
import { record } from '../lambdas/operations/record.ts';
import { recordFailure } from '../lambdas/operations/record-failure.ts';
import { resolveZones } from '../lambdas/operations/resolve-zones.ts';
import { rollback } from '../lambdas/operations/rollback.ts';
import { verifyZones } from '../lambdas/operations/verify-zones.ts';
import { EXECUTION_TIMEOUT_SECONDS } from '../lambdas/workflow-contract.ts';
import { ROLLBACK_RETRY_POLICIES, storeBusyRetry, TASK_RETRY_POLICIES } from './retry-policies.ts';

/** Where the state machine gets the function of each operation it invokes. */
export interface OperationFunctionSource {
  of(operation: AnyOperation): lambda.Function;
}

export interface OnboardStateMachineProps {
  functions: OperationFunctionSource;
  /** Zones applied at the same time within one execution. */
  mapMaxConcurrency: number;
  logRetention: logs.RetentionDays;
  /**
   * The same definition as an Express workflow, for scheduled reconciliation's read-only runs: billed by
   * duration instead of per transition, at most five minutes, so a store found busy is reported at once
   * (outcome `busy`) instead of waited for.
   */
  express?: boolean;
}

/** Express workflows end after five minutes. */
const EXPRESS_TIMEOUT = Duration.minutes(5);

/**
 * How much longer a Task waits than its function may run. Lambda's own timeout (`Sandbox.Timedout`) then
 * always ends an attempt before Step Functions gives up on it, so a retry never overlaps a previous attempt
 * that is still writing to the store.
 */
const TASK_TIMEOUT_MARGIN = Duration.seconds(10);

/** `{ state: <the whole state>, executionId }`: what every task except the Map iteration receives. */
const TASK_PAYLOAD = sfn.TaskInput.fromObject({
  state: sfn.JsonPath.entirePayload,
  executionId: sfn.JsonPath.executionName,
});

const CATCH_ALL = { errors: [sfn.Errors.ALL] };

interface TaskOptions {
  resultPath?: string;
  payload?: sfn.TaskInput;
  extraRetries?: sfn.RetryProps[];
  /** In place of TASK_RETRY_POLICIES. */
  retries?: readonly sfn.RetryProps[];
}

/** The states where a failed run goes: whether to roll back, the rollback, and recording the failure. */
interface FailurePath {
  rollBackChoice: sfn.Choice;
  recordFailure: tasks.LambdaInvoke;
}

export class OnboardStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly executionsFailedAlarm: cloudwatch.Alarm;
  private readonly functions: OperationFunctionSource;
  private readonly invoked = new Set<lambda.Function>();

  constructor(scope: Construct, id: string, props: OnboardStateMachineProps) {
    super(scope, id);
    this.functions = props.functions;
    const express = props.express === true;
    const definition = this.runPath(props.mapMaxConcurrency, express);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: express ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      // A bound on how long a store lease can be held: the lease lapses a little after it (STORE_LEASE_SECONDS).
      timeout: express ? EXPRESS_TIMEOUT : Duration.seconds(EXECUTION_TIMEOUT_SECONDS),
      tracingEnabled: true,
      // Execution data would put every state (store hashes, planned changes) into the logs a second time;
      // the execution history already keeps it, behind Step Functions permissions.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: 'bcship: make a BigCommerce store match its shipping profile',
    });
    this.acknowledgeRoleFindings();
    this.executionsFailedAlarm = this.failedExecutionsAlarm();
  }

  /**
   * From ResolveZones to Record, with every Catch leading into the failure path. Record ends the run itself:
   * a Succeed state after it would be one more transition per run.
   */
  private runPath(mapMaxConcurrency: number, express: boolean): sfn.IChainable {
    const resolve = this.task('ResolveZones', resolveZones, {
      payload: TASK_PAYLOAD,
      // Waiting for a busy store takes longer than an Express execution may run: there, busy is the outcome
      // (ResolveZones and Verify alike).
      extraRetries: express ? [] : [storeBusyRetry],
    });
    const mode = new sfn.Choice(this, 'Mode?', { stateName: 'Mode?' });
    const carriersToConnect = new sfn.Choice(this, 'Carriers to connect?', {
      stateName: 'Carriers to connect?',
    });
    const connect = this.task('ConnectCarriers', connectCarriers, {
      resultPath: '$.connected',
      payload: TASK_PAYLOAD,
    });
    const applyZones = this.applyZonesMap(mapMaxConcurrency);
    const zoneChecks = this.zoneChecks();
    const planOnly = new sfn.Choice(this, 'Plan only?', { stateName: 'Plan only?' });
    const verify = this.task('Verify', verifyZones, {
      resultPath: '$.verification',
      // Zones are read back as many at a time as the Map applies them: the same share of the store's quota.
      payload: sfn.TaskInput.fromObject({
        state: sfn.JsonPath.entirePayload,
        executionId: sfn.JsonPath.executionName,
        concurrency: mapMaxConcurrency,
      }),
      extraRetries: express ? [] : [storeBusyRetry],
    });
    const probeWanted = new sfn.Choice(this, 'Probe checkout?', { stateName: 'Probe checkout?' });
    const probe = this.task('Probe', probeCheckout, { resultPath: '$.probe', payload: TASK_PAYLOAD });
    const recordRun = this.task('Record', record, { payload: TASK_PAYLOAD });
    const failure = this.failurePath();

    resolve.next(mode);
    mode
      .when(sfn.Condition.isPresent('$.notBefore'), this.waitForTheBurst(resolve))
      .when(sfn.Condition.stringEquals('$.mode', 'verify'), verify)
      .otherwise(carriersToConnect);
    carriersToConnect.when(sfn.Condition.isPresent('$.carriers[0]'), connect).otherwise(applyZones);
    connect.next(applyZones);
    applyZones.next(zoneChecks.check);
    zoneChecks.anyFailed.otherwise(planOnly);
    zoneChecks.firstError.next(failure.rollBackChoice);
    planOnly.when(sfn.Condition.stringEquals('$.mode', 'plan'), recordRun).otherwise(verify);
    verify.next(probeWanted);
    probeWanted
      .when(sfn.Condition.numberGreaterThan('$.checkoutExpectations', 0), probe)
      .otherwise(recordRun);
    probe.next(recordRun);

    for (const state of [resolve, connect, applyZones, verify, probe]) {
      state.addCatch(failure.rollBackChoice, { ...CATCH_ALL, resultPath: '$.error' });
    }
    // Record runs after the store was verified (or in a mode that writes nothing): its failure is recorded,
    // never rolled back.
    recordRun.addCatch(failure.recordFailure, { ...CATCH_ALL, resultPath: '$.error' });
    return resolve;
  }

  /**
   * A run given `notBefore` reads the store only from then on: a webhook run waits out its burst window, so
   * that the one run sees the changes of every delivery coalesced into it (receive-webhook.ts). ResolveZones
   * hands such a run's input back unread, and Mode?, which every run passes anyway, sends it here: only webhook
   * runs pay for the wait (three transitions), none of the others a Choice in front of ResolveZones. A Wait
   * costs no compute, unlike a function sleeping.
   */
  private waitForTheBurst(resolve: sfn.IChainable): sfn.Wait {
    const wait = new sfn.Wait(this, 'Wait for the burst', {
      stateName: 'Wait for the burst',
      time: sfn.WaitTime.timestampPath('$.notBefore'),
    });
    wait.next(resolve);
    return wait;
  }

  /**
   * One iteration per zone. The iteration receives exactly ZoneTaskInput, not the whole state: the Map's
   * items (each zone's id and name) and the item's index, where the function finds the zone's methods in the
   * run's `resolved` artifact. It ends in a ZoneOutcome either way: the function's counts (`failed: false`), or,
   * once the retries are spent, the caught error.
   */
  private applyZonesMap(maxConcurrency: number): sfn.Map {
    // The function's result carries `failed: false` itself: a Pass state to add it would cost a transition per zone.
    const apply = this.task('ApplyZoneMethods', applyZoneMethods, {});
    const zoneFailed = new sfn.Pass(this, 'Zone failed', {
      stateName: 'Zone failed',
      parameters: {
        zoneId: sfn.JsonPath.numberAt('$.zone.zoneId'),
        zoneName: sfn.JsonPath.stringAt('$.zone.zoneName'),
        failed: true,
        error: sfn.JsonPath.objectAt('$.error'),
        changes: 0,
        warnings: 0,
      },
    });
    apply.addCatch(zoneFailed, { ...CATCH_ALL, resultPath: '$.error' });

    const map = new sfn.Map(this, 'ApplyZones', {
      stateName: 'ApplyZones',
      itemsPath: '$.zones',
      itemSelector: {
        storeHash: sfn.JsonPath.stringAt('$.storeHash'),
        executionId: sfn.JsonPath.executionName,
        mode: sfn.JsonPath.stringAt('$.mode'),
        prune: sfn.JsonPath.stringAt('$.prune'),
        index: sfn.JsonPath.numberAt('$$.Map.Item.Index'),
        zone: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
      },
      maxConcurrency,
      resultPath: '$.applied',
    });
    return map.itemProcessor(apply, { mode: sfn.ProcessorMode.INLINE });
  }

  /**
   * Whether any zone failed, from the `failed` flag every result carries, so the wildcard always matches.
   * The filter that picks the failed zones runs only once one is known to match: a filter matching nothing
   * is an empty array on AWS but an error in the local runner. Only the first failed zone's error is copied
   * out: each is already in `$.applied`, and a copy of them all would double the state of a run whose zones
   * all failed (a store that went down mid-apply), the one that most needs its rollback to run.
   */
  private zoneChecks() {
    const check = new sfn.Pass(this, 'Check zones', {
      stateName: 'Check zones',
      parameters: { 'anyFailed.$': 'States.ArrayContains($.applied[*].failed, true)' },
      resultPath: '$.zoneFailures',
    });
    const pickFirst = new sfn.Pass(this, 'Pick first zone error', {
      stateName: 'Pick first zone error',
      inputPath: '$.applied[?(@.failed == true)].error',
      parameters: { 'first.$': 'States.ArrayGetItem($, 0)' },
      resultPath: '$.zoneFailures',
    });
    // The whole caught error, copied as is: a caught error need not carry a Cause.
    const firstError = new sfn.Pass(this, 'First zone error', {
      stateName: 'First zone error',
      inputPath: '$.zoneFailures.first',
      resultPath: '$.error',
    });
    const anyFailed = new sfn.Choice(this, 'Any zone failed?', { stateName: 'Any zone failed?' }).when(
      sfn.Condition.booleanEquals('$.zoneFailures.anyFailed', true),
      pickFirst,
    );
    check.next(anyFailed);
    pickFirst.next(firstError);
    return { check, anyFailed, firstError };
  }

  /** Roll back? ─► [Rollback] ─► RecordFailure ─► Failed; RecordFailure failing too ends in its own Fail. */
  private failurePath(): FailurePath {
    const rollBackChoice = new sfn.Choice(this, 'Roll back?', { stateName: 'Roll back?' });
    const undo = this.task('Rollback', rollback, {
      resultPath: '$.rolledBack',
      payload: TASK_PAYLOAD,
      retries: ROLLBACK_RETRY_POLICIES,
    });
    const recordTheFailure = this.task('RecordFailure', recordFailure, { payload: TASK_PAYLOAD });
    const failed = new sfn.Fail(this, 'Failed', {
      stateName: 'Failed',
      errorPath: '$.failure.error',
      causePath: '$.failure.cause',
    });
    const recordFailureFailed = new sfn.Fail(this, 'RecordFailureFailed', {
      stateName: 'RecordFailureFailed',
      error: 'RecordFailureFailed',
      cause:
        'The run failed and recording the failure failed too; see the execution history for both errors.',
    });

    // When ResolveZones fails, `$` is still the raw execution input, where the rollback and mode fields are
    // optional: test presence first, because comparing a missing field is itself a runtime error.
    rollBackChoice
      .when(
        sfn.Condition.and(
          sfn.Condition.isPresent('$.rollback'),
          sfn.Condition.booleanEquals('$.rollback', true),
          sfn.Condition.isPresent('$.mode'),
          sfn.Condition.stringEquals('$.mode', 'apply'),
        ),
        undo,
      )
      .otherwise(recordTheFailure);
    undo.next(recordTheFailure);
    undo.addCatch(recordTheFailure, { ...CATCH_ALL, resultPath: '$.rollbackError' });
    recordTheFailure.next(failed);
    recordTheFailure.addCatch(recordFailureFailed, { ...CATCH_ALL, resultPath: '$.recordFailureError' });
    return { rollBackChoice, recordFailure: recordTheFailure };
  }

  private task(stateName: string, operation: AnyOperation, options: TaskOptions): tasks.LambdaInvoke {
    const fn = this.functions.of(operation);
    this.invoked.add(fn);
    const timeout = Duration.seconds(operation.timeoutSeconds).plus(TASK_TIMEOUT_MARGIN);
    const task = new tasks.LambdaInvoke(this, stateName, {
      stateName,
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      taskTimeout: sfn.Timeout.duration(timeout),
      // No ResultPath means `$` (the result replaces the state). It is left out rather than written as `$`:
      // aws-local-stepfunctions stores a result for an explicit `"$"` under a key named "$".
      ...(options.resultPath ? { resultPath: options.resultPath } : {}),
      ...(options.payload ? { payload: options.payload } : {}),
    });
    const retries = options.retries ?? TASK_RETRY_POLICIES;
    for (const retry of [...retries, ...(options.extraRetries ?? [])]) task.addRetry(retry);
    return task;
  }

  private acknowledgeRoleFindings(): void {
    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSampling*) and CloudWatch Logs delivery (logs:*LogDelivery*, logs:DescribeResourcePolicies, logs:DescribeLogGroups) support no resource-level permissions; AWS requires "*".',
    });
    const stack = Stack.of(this);
    for (const fn of this.invoked) {
      const logicalId = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).logicalId) as string;
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: `LambdaInvoke grants lambda:InvokeFunction on the function's versions and aliases too (${logicalId}:*). The wildcard covers qualifiers of this one function only.`,
      });
    }
  }

  private failedExecutionsAlarm(): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, 'ExecutionsFailedAlarm', {
      alarmDescription:
        'An Onboard execution failed: the store does not match its profile. See RecordFailure.',
      metric: this.stateMachine.metricFailed({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
