/**
 * Onboarding by event: a rule on the bcship bus sends each `bcship.store.onboard-requested` event (from any
 * source: an agency's provisioning, a script) to start-onboarding, which registers the store and starts its
 * Onboard execution. Undeliverable events and failed invocations (bad detail, unknown profile, missing token
 * secret) land in the `Failures` queue.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { startOnboarding } from '../lambdas/operations/start-onboarding.ts';
import { ONBOARD_REQUESTED_EVENT } from '../lambdas/platform/store-events.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';
import { failuresQueue } from './failures-queue.ts';

export interface OnboardingEventsProps {
  /** With the state machine the function starts. */
  resources: FunctionResources;
}

export class OnboardingEvents extends Construct {
  readonly function: BcshipFunction;
  readonly rule: events.Rule;
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: OnboardingEventsProps) {
    super(scope, id);
    this.failures = failuresQueue(this);
    this.function = new BcshipFunction(this, 'Function', {
      operation: startOnboarding,
      resources: props.resources,
      deadLetterQueue: this.failures,
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: `bcship: onboard a store on ${ONBOARD_REQUESTED_EVENT}`,
      eventBus: props.resources.bus,
      eventPattern: { detailType: [ONBOARD_REQUESTED_EVENT] },
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: 4,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: this.failures,
        }),
      ],
    });
    Validations.of(this.failures).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the dead-letter queue of the onboarding rule target and of the function; an operator reads it and sends the event again once the cause is fixed.',
    });
  }
}
