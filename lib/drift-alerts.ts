/**
 * Drift and failure alerts: Record publishes `bcship.run.drifted` (a verify run found the store no longer
 * matches its profile) and RecordFailure `bcship.run.failed` on the bcship bus; a rule forwards both to the
 * `DriftAlerts` SNS topic, which operators subscribe to (email, chat, a ticketing queue).
 *
 * The topic is encrypted with a key of its own: EventBridge can publish to an encrypted topic only when the
 * key's policy lets it use the key, and the AWS managed SNS key's policy cannot be changed. Events the rule
 * could not deliver after its retries land in the `Undelivered` queue.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/platform/aws-events.ts';

const ALERTED_DETAIL_TYPES = ['bcship.run.drifted', 'bcship.run.failed'];

export interface DriftAlertsProps {
  bus: events.IEventBus;
}

export class DriftAlerts extends Construct {
  readonly topic: sns.Topic;
  readonly rule: events.Rule;
  readonly undelivered: sqs.Queue;

  constructor(scope: Construct, id: string, props: DriftAlertsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: 'bcship DriftAlerts topic',
      enableKeyRotation: true,
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'bcship drift and failed runs',
      masterKey: key,
      enforceSSL: true,
    });
    this.undelivered = new sqs.Queue(this, 'Undelivered', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'bcship: drifted and failed runs to the DriftAlerts topic',
      eventPattern: { source: [EVENT_SOURCE], detailType: ALERTED_DETAIL_TYPES },
      targets: [
        new targets.SnsTopic(this.topic, {
          deadLetterQueue: this.undelivered,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(this.undelivered).acknowledge({
        id: rule,
        reason:
          'This queue is the dead-letter queue of the DriftAlerts rule target; nothing consumes it automatically, so it needs no dead-letter queue or redrive policy of its own.',
      });
    }
  }
}
