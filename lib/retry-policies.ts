/**
 * The Onboard state machine's retry policies, one per kind of transient failure. Every Task gets
 * TASK_RETRY_POLICIES, in this order; ResolveZones also waits for a busy store (STORE_BUSY_RETRY). Terminal
 * errors (invalid profile or input, unknown zone, missing secret, verification mismatch, BigCommerce 4xx, a
 * carrier refusing its credentials) match none, so they go straight to Catch.
 *
 * Every policy uses full jitter and a capped delay: executions of many stores share BigCommerce's edge and
 * a Lambda account's concurrency, and synchronized retries would hit both at the same moment.
 */
import { Duration } from 'aws-cdk-lib';
import { JitterType, type RetryProps } from 'aws-cdk-lib/aws-stepfunctions';
import { RETRYABLE_BIGCOMMERCE_ERRORS } from '../lambdas/bigcommerce/errors.ts';

/** What AWS recommends retrying for any Lambda invoked from Step Functions. */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
];

const lambdaServiceRetry: RetryProps = {
  errors: LAMBDA_SERVICE_ERRORS,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 5,
  maxDelay: Duration.seconds(20),
  jitterStrategy: JitterType.FULL,
};

const RATE_LIMITED = 'BigCommerceRateLimited';

/**
 * 429. The client already waits out short resets (`X-Rate-Limit-Time-Reset-Ms`) inside the invocation; what
 * reaches the state machine is a store whose quota stays exhausted (other apps share it), so back off long.
 * @public test/local/runner-follows-lib.test.ts finds it in TASK_RETRY_POLICIES through vi.mock, which knip cannot see.
 */
export const rateLimitedRetry: RetryProps = {
  errors: RETRYABLE_BIGCOMMERCE_ERRORS.filter((name) => name === RATE_LIMITED),
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

/**
 * The other retryable BigCommerce errors: 5xx, connection resets and request timeouts. The client has already
 * resent an idempotent request; what arrives here is mostly a failed POST (never resent in-process), after
 * which the task re-lists and creates only what is still missing. Eight attempts, because each one is cheap
 * and makes progress (a create that reached the store stays), and a run that gives up needs a person.
 */
const bigCommerceUnavailableRetry: RetryProps = {
  errors: RETRYABLE_BIGCOMMERCE_ERRORS.filter((name) => name !== RATE_LIMITED),
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 8,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};

/**
 * DynamoDB (the registry) and EventBridge (run events) throttling, as the AWS SDK names it once its own
 * retries are spent: the function fails with the SDK error's name, which is what Step Functions matches.
 */
const AWS_THROTTLING_ERRORS = [
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  // An event EventBridge kept rejecting (aws-events.ts): a run that applied and verified must not fail on it.
  'EventsRejected',
];

const awsThrottlingRetry: RetryProps = {
  errors: AWS_THROTTLING_ERRORS,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 4,
  maxDelay: Duration.seconds(20),
  jitterStrategy: JitterType.FULL,
};

/**
 * A Task that ran out of time (`States.Timeout`) or a function that did (`Sandbox.Timedout`, Lambda's own
 * timeout). Once: every operation is idempotent, so a second attempt is safe, but a task that times out twice
 * is stuck, not slow.
 */
const timeoutRetry: RetryProps = {
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
  awsThrottlingRetry,
  timeoutRetry,
];

/**
 * Rollback's: the same, but a timed-out attempt is retried four times. Rollback marks each journal entry undone
 * as it goes, so an attempt that ran out of time on a large journal (a paced store) still moved forward, and
 * the next one starts where it stopped: a timeout there means slow, not stuck.
 */
export const ROLLBACK_RETRY_POLICIES: readonly RetryProps[] = TASK_RETRY_POLICIES.map((policy) =>
  policy === timeoutRetry ? { ...timeoutRetry, maxAttempts: 4, maxDelay: Duration.seconds(30) } : policy,
);

/**
 * Another execution holds the store's lease (ResolveZones throws StoreBusy, for an apply that would take it
 * or a verify that would read a half-applied store): it is applying, which takes minutes. Six waits of up to 30 s, 1, 2, 4, 5 and 5 minutes (fully jittered) outlast such a run; a store
 * still busy after them is stuck or contended, and the run fails rather than queue behind it indefinitely.
 */
export const storeBusyRetry: RetryProps = {
  errors: ['StoreBusy'],
  interval: Duration.seconds(30),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(300),
  jitterStrategy: JitterType.FULL,
};

/** Errors that are never retried: retrying cannot change their outcome. */
export const TERMINAL_ERRORS = [
  'InvalidProfile',
  'InvalidInput',
  'UnknownZone',
  'UnitsMismatch',
  'MissingSecret',
  'VerificationMismatch',
  'CheckoutMismatch',
  'BigCommerceRejected',
  'BigCommerceUnauthorized',
  'BigCommerceNotFound',
  'CarrierConnectionFailed',
  'BigCommerceUnexpectedResponse',
  'BigCommerceUnreachable',
];
