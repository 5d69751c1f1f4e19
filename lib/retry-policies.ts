/**
 * The Onboard state machine's retry policies, one per kind of transient failure. Every Task gets all of
 * them, in this order. Terminal errors (invalid profile or input, unknown zone, missing secret, verification
 * mismatch, BigCommerce 4xx, a carrier refusing its credentials) match none, so they go straight to Catch.
 *
 * Every policy uses full jitter and a capped delay: executions of many stores share BigCommerce's edge and
 * a Lambda account's concurrency, and synchronized retries would hit both at the same moment.
 */
import { Duration } from 'aws-cdk-lib';
import { JitterType, type RetryProps } from 'aws-cdk-lib/aws-stepfunctions';

/** What AWS recommends retrying for any Lambda invoked from Step Functions. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
];

export const lambdaServiceRetry: RetryProps = {
  errors: LAMBDA_SERVICE_ERRORS,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(20),
  jitterStrategy: JitterType.FULL,
};

/**
 * 429. The client already waits out short resets (`X-Rate-Limit-Time-Reset-Ms`) inside the invocation; what
 * reaches the state machine is a store whose quota stays exhausted (other apps share it), so back off long.
 */
export const rateLimitedRetry: RetryProps = {
  errors: ['BigCommerceRateLimited'],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

/** 5xx, connection resets and request timeouts. */
export const bigCommerceUnavailableRetry: RetryProps = {
  errors: ['BigCommerceUnavailable', 'BigCommerceTimeout'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};

/**
 * A Task that ran out of time (`States.Timeout`) or a function that did (`Sandbox.Timedout`, Lambda's own
 * timeout). Once: every operation is idempotent, so a second attempt is safe, but a task that times out twice
 * is stuck, not slow.
 */
export const timeoutRetry: RetryProps = {
  errors: ['States.Timeout', 'Sandbox.Timedout'],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 1,
  maxDelay: Duration.seconds(10),
  jitterStrategy: JitterType.FULL,
};

export const TASK_RETRY_POLICIES: readonly RetryProps[] = [
  lambdaServiceRetry,
  rateLimitedRetry,
  bigCommerceUnavailableRetry,
  timeoutRetry,
];

/** Errors that are never retried: retrying cannot change their outcome. */
export const TERMINAL_ERRORS = [
  'InvalidProfile',
  'InvalidInput',
  'UnknownZone',
  'MissingSecret',
  'VerificationMismatch',
  'BigCommerceRejected',
  'BigCommerceUnauthorized',
  'BigCommerceNotFound',
  'CarrierConnectionFailed',
];
