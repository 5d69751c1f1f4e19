/**
 * An operation behind a public Lambda Function URL that BigCommerce (or a merchant's browser) calls: the webhook
 * receiver and the app's callbacks. Auth type NONE because BigCommerce cannot sign AWS requests; each request
 * proves itself instead (a Standard Webhooks signature, a one-time code exchanged with the app's secret, or a
 * JWT signed with it), and one that does not is answered 401 before anything is written. Reserved concurrency
 * caps what anyone calling the public URL can cost or take from the account's other functions. A Function URL
 * rather than API Gateway because a few GET/POST routes need no more than the function's own routing.
 */
import { Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { AnyOperation } from '../lambdas/operations/operation.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';

export interface PublicCallbackFunctionProps {
  operation: AnyOperation;
  /** With the state machine the function starts. */
  resources: FunctionResources;
  reservedConcurrency: number;
  /** Why a failed request needs no dead-letter queue: who sees the error status, and whether they retry. */
  failedRequests: string;
}

export class PublicCallbackFunction extends Construct {
  readonly function: BcshipFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: PublicCallbackFunctionProps) {
    super(scope, id);
    this.function = new BcshipFunction(this, 'Function', {
      operation: props.operation,
      resources: props.resources,
      reservedConcurrentExecutions: props.reservedConcurrency,
    });
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: `Invoked only synchronously, through its Function URL: ${props.failedRequests} There is no asynchronous event to dead-letter.`,
    });
  }
}
