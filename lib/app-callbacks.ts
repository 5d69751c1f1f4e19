/**
 * The BigCommerce app's callbacks (install `/auth`, `/load`, `/uninstall`): app-callbacks behind a public
 * Lambda Function URL. Auth type NONE because BigCommerce cannot sign AWS requests; each request proves itself
 * instead (a one-time code exchanged with the app's secret, or a JWT signed with it), and one that does not is
 * answered 401 before anything is written. Reserved concurrency caps what anyone calling the public URL can
 * cost or take from the account's other functions; a Function URL rather than API Gateway because three GET
 * routes need no more than the function's own routing.
 */
import { Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { appCallbacks } from '../lambdas/operations/app-callbacks.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';

export interface AppCallbacksProps {
  /** With the state machine an install starts. */
  resources: FunctionResources;
  /** Reserved concurrency of the function. */
  reservedConcurrency: number;
}

export class AppCallbacks extends Construct {
  readonly function: BcshipFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: AppCallbacksProps) {
    super(scope, id);
    this.function = new BcshipFunction(this, 'Function', {
      operation: appCallbacks,
      resources: props.resources,
      reservedConcurrentExecutions: props.reservedConcurrency,
    });
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously, through its Function URL by the merchant’s browser or BigCommerce: a failed request is answered with an error status; there is no asynchronous event to dead-letter.',
    });
  }
}
