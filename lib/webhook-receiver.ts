/**
 * The webhook receiver: receive-webhook behind a Lambda Function URL that BigCommerce calls. The URL has no
 * IAM auth because BigCommerce cannot sign AWS requests; every request is authenticated by its Standard
 * Webhooks signature instead (keyed by the app's client secret), and one without a valid signature is
 * answered 401 before anything else is read or written.
 */
import { Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { receiveWebhook } from '../lambdas/operations/receive-webhook.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';

export interface WebhookReceiverProps {
  /** With the state machine the receiver starts. */
  resources: FunctionResources;
  /**
   * Reserved concurrency: caps what anyone calling the public URL can cost or take from the account's other
   * functions (BigCommerce retries a delivery refused with 429 later).
   */
  reservedConcurrency: number;
}

export class WebhookReceiver extends Construct {
  readonly function: BcshipFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: WebhookReceiverProps) {
    super(scope, id);
    this.function = new BcshipFunction(this, 'Function', {
      operation: receiveWebhook,
      resources: props.resources,
      reservedConcurrentExecutions: props.reservedConcurrency,
    });

    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously, through its Function URL: a failed request is answered with an error status and BigCommerce retries it (for up to 48 hours). There is no asynchronous event to dead-letter.',
    });
  }
}
