/**
 * Scheduled reconciliation. An EventBridge Scheduler schedule invokes reconcile-stores, which lists every
 * registered store page by page and queues it (SQS, 25 stores a message); start-reconciliations takes the
 * queue, at most `bcship:reconcileConcurrency` invocations at a time, and starts one verify run per store on
 * the Express state machine, the fleet sharing `bcship:reconcileStartsPerSecond`. With `bcship:reconcileMode`
 * apply, a rule hands each drifted store found by those runs to a Standard apply (hand-off-apply).
 *
 * Why a queue, rather than one invocation starting everything (a ceiling of some 10,000 stores in five
 * minutes), a self-chaining cursor, or a Distributed Map: the queue makes every store a unit of work that is
 * retried until it is done (visibility timeout, partial batch responses, a dead-letter queue after
 * RECONCILE_RECEIVES tries), bounds the Lambda concurrency and so the start rate by configuration, and keeps
 * each piece plain code the local runner and the benchmark can run (aws-local-stepfunctions cannot run a
 * Distributed Map). Listing resumes from its saved cursor, so a timed-out or killed listing invocation is
 * retried without starting over, and the claims of start-reconciliations keep one run per store per slot.
 *
 * Failures land in the `Failures` queue: the schedule's retry policy covers delivering the invocation, the
 * function's dead-letter queue an invocation that failed, the queue's redrive a message that kept failing,
 * and the hand-off rule's retry policy a drifted store whose apply could not be started.
 */
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { handOffApply } from '../lambdas/operations/hand-off-apply.ts';
import {
  type ReconcileEvent,
  type ReconcileMode,
  reconcileStores,
} from '../lambdas/operations/reconcile-stores.ts';
import { startReconciliations } from '../lambdas/operations/start-reconciliations.ts';
import { EVENT_SOURCE } from '../lambdas/platform/aws-events.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';
import { failuresQueue } from './failures-queue.ts';

export interface ReconcileScheduleProps {
  /** With the Standard state machine, which hand-off-apply starts. */
  resources: FunctionResources;
  /** The Express state machine the verify runs are started on. */
  runs: sfn.IStateMachine;
  bus: events.IEventBus;
  /** An EventBridge Scheduler `rate(…)` or `cron(…)` expression, in UTC. */
  expression: string;
  mode: ReconcileMode;
  concurrency: number;
  startsPerSecond: number;
}

/** How often the schedule retries delivering one invocation, and for how long, before dead-lettering it. */
const RECONCILE_DELIVERY_RETRIES = 3;
const RECONCILE_MAX_EVENT_AGE = Duration.hours(1);
/** Deliveries of one queue message before it is dead-lettered: throttling for half an hour is not a reason. */
const RECONCILE_RECEIVES = 20;
/** Queue messages per start-reconciliations invocation. */
const MESSAGES_PER_INVOCATION = 4;

export class ReconcileSchedule extends Construct {
  readonly function: BcshipFunction;
  readonly starter: BcshipFunction;
  readonly queue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  readonly failures: sqs.Queue;
  /** Present with mode apply. */
  readonly handOff: BcshipFunction | undefined;

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id);
    this.failures = failuresQueue(this);
    this.queue = this.reconcileQueue();
    const resources: FunctionResources = {
      ...props.resources,
      reconcile: {
        stateMachine: props.runs,
        queue: this.queue,
        concurrency: props.concurrency,
        startsPerSecond: props.startsPerSecond,
      },
    };

    this.function = new BcshipFunction(this, 'Function', {
      operation: reconcileStores,
      resources,
      deadLetterQueue: this.failures,
    });
    this.starter = new BcshipFunction(this, 'Starter', { operation: startReconciliations, resources });
    this.starter.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: MESSAGES_PER_INVOCATION,
        maxConcurrency: props.concurrency,
        reportBatchItemFailures: true,
      }),
    );
    Validations.of(this.starter).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'The starter is invoked by its queue, synchronously: a message it failed goes back to the queue, whose redrive policy moves it to the Failures queue after RECONCILE_RECEIVES deliveries.',
      },
      {
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason:
          'An SQS event source keeps failed messages on the queue itself; the queue dead-letters them to the Failures queue (an on-failure destination applies to stream sources only).',
      },
    );
    this.schedule = this.scheduleListing(props);
    this.handOff = props.mode === 'apply' ? this.handOffRule(props.bus, resources) : undefined;
    Validations.of(this.failures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the schedule target, the functions and the reconciliation queue; nothing consumes it automatically, so there is nothing to redrive from it.',
    });
  }

  /** Stores waiting for their run; a message that kept failing goes to `Failures`. */
  private reconcileQueue(): sqs.Queue {
    return new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the starter's timeout, as AWS advises for a Lambda event source; longer than a claim holds.
      visibilityTimeout: Duration.seconds(startReconciliations.timeoutSeconds * 6),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.failures, maxReceiveCount: RECONCILE_RECEIVES },
    });
  }

  private scheduleListing(props: ReconcileScheduleProps): scheduler.Schedule {
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
    const schedule = new scheduler.Schedule(this, 'Schedule', {
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
    return schedule;
  }

  /** Drifted stores of scheduled verify runs, handed to Standard applies. */
  private handOffRule(bus: events.IEventBus, resources: FunctionResources): BcshipFunction {
    const fn = new BcshipFunction(this, 'HandOff', {
      operation: handOffApply,
      resources,
      deadLetterQueue: this.failures,
    });
    new events.Rule(this, 'HandOffRule', {
      eventBus: bus,
      description: 'bcship: apply the profile of a store that a scheduled verify run found drifted',
      eventPattern: {
        source: [EVENT_SOURCE],
        detailType: ['bcship.run.drifted'],
        detail: { mode: ['verify'], trigger: { kind: ['schedule'] } },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: RECONCILE_DELIVERY_RETRIES,
          maxEventAge: RECONCILE_MAX_EVENT_AGE,
          deadLetterQueue: this.failures,
        }),
      ],
    });
    return fn;
  }
}
