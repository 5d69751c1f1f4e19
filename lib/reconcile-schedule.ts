/**
 * Scheduled reconciliation: an EventBridge Scheduler schedule invokes reconcile-stores, which starts one
 * Onboard execution per registered store (mode `verify`, or `apply` when so configured). The function carries
 * the deployed profiles, as resolve-zones does, to skip a store whose registered profile is no longer
 * deployed instead of starting an execution that can only fail.
 *
 * Failures have two places to land, both the `Failures` queue: the schedule's retry policy covers delivering
 * the invocation (throttling, a missing permission), and the function's own dead-letter queue covers an
 * invocation that failed — reconcile-stores fails when any store could not be started, after trying them
 * all. Retries are harmless: execution names are derived from the store and the schedule slot, so a retried
 * invocation starts only what the failed one did not.
 */
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  type ReconcileEvent,
  type ReconcileMode,
  reconcileStores,
} from '../lambdas/operations/reconcile-stores.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';
import { failuresQueue } from './failures-queue.ts';

export interface ReconcileScheduleProps {
  /** With the state machine reconciliation starts. */
  resources: FunctionResources;
  /** An EventBridge Scheduler `rate(…)` or `cron(…)` expression, in UTC. */
  expression: string;
  mode: ReconcileMode;
}

/** How often the schedule retries delivering one invocation, and for how long, before dead-lettering it. */
const RECONCILE_DELIVERY_RETRIES = 3;
const RECONCILE_MAX_EVENT_AGE = Duration.hours(1);

export class ReconcileSchedule extends Construct {
  readonly function: BcshipFunction;
  readonly schedule: scheduler.Schedule;
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id);
    this.failures = failuresQueue(this);

    this.function = new BcshipFunction(this, 'Function', {
      operation: reconcileStores,
      resources: props.resources,
      deadLetterQueue: this.failures,
    });

    // A role of our own rather than the stack-wide one the target would create, so that its one finding is
    // acknowledged here, next to its reason; the condition keeps other accounts' schedules from assuming it.
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'bcship reconciliation schedule: invokes reconcile-stores',
    });
    const input: Required<ReconcileEvent> = {
      scheduledTime: scheduler.ContextAttribute.scheduledTime,
      mode: props.mode,
    };
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.expression(props.expression),
      description: `bcship: reconcile every registered store (${props.mode})`,
      target: new schedulerTargets.LambdaInvoke(this.function, {
        input: scheduler.ScheduleTargetInput.fromObject(input),
        retryAttempts: RECONCILE_DELIVERY_RETRIES,
        maxEventAge: RECONCILE_MAX_EVENT_AGE,
        deadLetterQueue: this.failures,
        role: scheduleRole,
      }),
    });

    const functionId = Stack.of(this).resolve(
      (this.function.node.defaultChild as lambda.CfnFunction).logicalId,
    );
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: `The schedule target grants lambda:InvokeFunction on the function's versions and aliases too (${functionId}:*). The wildcard covers qualifiers of this one function only.`,
    });
    Validations.of(this.failures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the schedule target and of the function; nothing consumes it automatically, so there is nothing to redrive from it.',
    });
  }
}
