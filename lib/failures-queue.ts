/**
 * Where a trigger's events go when they cannot be delivered or handled: an encrypted queue that refuses
 * plain-text access and keeps messages for two weeks, long enough to notice, fix and replay them.
 */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export const failuresQueue = (scope: Construct, id = 'Failures'): sqs.Queue =>
  new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
