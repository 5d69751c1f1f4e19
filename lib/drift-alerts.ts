/**
 * Drift and failure alerts: Record publishes `bcship.run.drifted` (a verify run found the store no longer
 * matches its profile) and RecordFailure `bcship.run.failed` on the bcship bus; a rule forwards both to the
 * `DriftAlerts` SNS topic, which operators subscribe to (email, chat, a ticketing queue).
 *
 * The topic is encrypted with a key of its own: EventBridge can publish to an encrypted topic only when the
 * key's policy lets it use the key, and the AWS managed SNS key's policy cannot be changed. Events the rule
 * could not deliver after its retries land in the `Undelivered` queue.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../lambdas/platform/aws-events.ts';

const ALERTED_DETAIL_TYPES = ['bcship.run.drifted', 'bcship.run.failed'];

export interface DriftAlertsProps {
  bus: events.IEventBus;
}

/** How long, and how often, EventBridge keeps trying to deliver an alert before dead-lettering it. */
const DELIVERY = { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 24 * 60 * 60 };

/**
 * The rule's target: the topic, allowed to EventBridge only for this rule of this account (aws:SourceArn and
 * aws:SourceAccount on the topic's and the key's policies: rules of the bcship bus in this account only), with alerts it cannot deliver dead-lettered to `undelivered`.
 */
class TopicOfRule implements events.IRuleTarget {
  private readonly topic: sns.Topic;
  private readonly undelivered: sqs.Queue;
  private readonly busName: string;

  constructor(topic: sns.Topic, undelivered: sqs.Queue, busName: string) {
    this.topic = topic;
    this.undelivered = undelivered;
    this.busName = busName;
  }

  bind(rule: events.IRule): events.RuleTargetConfig {
    // The rule's ARN itself would make a cycle (key policy → rule → topic → key): the rules of the bcship bus
    // in this account are as narrow as it gets without one.
    const stack = Stack.of(rule);
    const fromThisRule = {
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${this.busName}/*`,
      },
      StringEquals: { 'aws:SourceAccount': stack.account },
    };
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    // Grants sns:Publish on the topic and kms:Decrypt, kms:GenerateDataKey* on its key, both with the conditions.
    this.topic.grantPublish(new iam.PrincipalWithConditions(eventBridge, fromThisRule));
    this.undelivered.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [eventBridge],
        actions: ['sqs:SendMessage'],
        resources: [this.undelivered.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
      }),
    );
    return {
      arn: this.topic.topicArn,
      deadLetterConfig: { arn: this.undelivered.queueArn },
      retryPolicy: DELIVERY,
      targetResource: this.topic,
    };
  }
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
    });
    this.rule.addTarget(new TopicOfRule(this.topic, this.undelivered, props.bus.eventBusName));
    this.allowAlarmsToPublish();
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(this.undelivered).acknowledge({
        id: rule,
        reason:
          'This queue is the dead-letter queue of the DriftAlerts rule target; nothing consumes it automatically, so it needs no dead-letter queue or redrive policy of its own.',
      });
    }
  }

  /**
   * CloudWatch alarms of this account (see OperationsMonitoring) publish to the topic too: the topic's and the
   * key's policies let CloudWatch in for alarms of this account only.
   */
  private allowAlarmsToPublish(): void {
    const stack = Stack.of(this);
    const alarmsOfThisAccount = {
      ArnLike: {
        'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
      },
      StringEquals: { 'aws:SourceAccount': stack.account },
    };
    this.topic.grantPublish(
      new iam.PrincipalWithConditions(
        new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
        alarmsOfThisAccount,
      ),
    );
  }
}
