/**
 * Lease recovery: an Onboard execution that is stopped, times out, or fails with its RecordFailure failing
 * too never reaches the task that gives its store's lease back, and the store would wait for the lease to
 * lapse (STORE_LEASE_SECONDS). Step Functions reports every execution's status change on the account's
 * default event bus; a rule there sends the Onboard state machine's ABORTED, TIMED_OUT and FAILED changes to
 * release-lease, which gives back the lease of the execution the event names, if it still holds it.
 *
 * Failures land in the `Failures` queue, as reconciliation's do: the rule target's retry policy covers
 * delivering the event, the function's own dead-letter queue an invocation that failed (the registry
 * refused the update). Either way the lease still lapses on its own.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LEASE_RELEASING_STATUSES, releaseLease } from '../lambdas/operations/release-lease.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';
import { failuresQueue } from './failures-queue.ts';

export interface LeaseRecoveryProps {
  resources: FunctionResources;
  /** The Onboard state machine, whose executions' status changes are watched. */
  stateMachine: sfn.IStateMachine;
}

/** What Step Functions sends to the default bus when an execution changes status. */
const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';

/**
 * How often the rule retries delivering one event, and for how long: past two hours a lease is about to lapse
 * on its own, so a later delivery would free nothing sooner.
 */
const LEASE_RELEASE_DELIVERY_RETRIES = 8;
const LEASE_RELEASE_MAX_EVENT_AGE = Duration.hours(2);

export class LeaseRecovery extends Construct {
  readonly function: BcshipFunction;
  readonly rule: events.Rule;
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: LeaseRecoveryProps) {
    super(scope, id);
    this.failures = failuresQueue(this);

    this.function = new BcshipFunction(this, 'Function', {
      operation: releaseLease,
      resources: props.resources,
      deadLetterQueue: this.failures,
    });

    // No eventBus: Step Functions publishes status changes on the account's default bus only.
    this.rule = new events.Rule(this, 'Rule', {
      description: 'bcship: give back the store lease of an Onboard execution that ended without recording',
      eventPattern: {
        source: ['aws.states'],
        detailType: [EXECUTION_STATUS_CHANGE],
        detail: {
          status: [...LEASE_RELEASING_STATUSES],
          stateMachineArn: [props.stateMachine.stateMachineArn],
        },
      },
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: LEASE_RELEASE_DELIVERY_RETRIES,
          maxEventAge: LEASE_RELEASE_MAX_EVENT_AGE,
          deadLetterQueue: this.failures,
        }),
      ],
    });

    Validations.of(this.failures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the lease-recovery rule target and of the function; nothing consumes it automatically, so there is nothing to redrive from it.',
    });
  }
}
