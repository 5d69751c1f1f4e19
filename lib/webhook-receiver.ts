/**
 * The webhook receiver: receive-webhook behind a Lambda Function URL that BigCommerce calls. The URL has no
 * IAM auth because BigCommerce cannot sign AWS requests; every request is authenticated by its Standard
 * Webhooks signature instead (keyed by the app's client secret), and one without a valid signature is
 * answered 401 before anything else is read or written.
 */
import { Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BcshipFunction } from './bcship-function.ts';
import { TRIGGER_OPERATION_TIMEOUTS } from './operations.ts';
import type { StoreRegistry } from './store-registry.ts';

export interface WebhookReceiverProps {
  registry: StoreRegistry;
  stateMachine: sfn.IStateMachine;
  bus: events.IEventBus;
  webhookSecretName: string;
  memorySize: number;
  logRetention: logs.RetentionDays;
}

export class WebhookReceiver extends Construct {
  readonly function: BcshipFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: WebhookReceiverProps) {
    super(scope, id);
    this.function = new BcshipFunction(this, 'Function', {
      operation: 'receive-webhook',
      timeout: TRIGGER_OPERATION_TIMEOUTS['receive-webhook'],
      memorySize: props.memorySize,
      logRetention: props.logRetention,
    })
      .useWebhookSecret(props.webhookSecretName)
      // getStore, and deregisterStore on an uninstall (an update). Deliveries need no record of their own:
      // executions are named after them, and Step Functions refuses a name twice.
      .useRegistry(props.registry.table, ['dynamodb:GetItem', 'dynamodb:UpdateItem'])
      .useStateMachine(props.stateMachine)
      .useEvents(props.bus);

    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously, through its Function URL: a failed request is answered with an error status and BigCommerce retries it (for up to 48 hours). There is no asynchronous event to dead-letter.',
    });
  }
}
