/**
 * What an operator watches: alarms that page through the DriftAlerts topic (failed executions, a failures
 * queue holding anything, drift) and one CloudWatch dashboard: runs by outcome, drift, BigCommerce 429s and
 * server errors with the task attempts that failed (each one retried or caught), execution durations, the
 * depth of every failures queue, and webhook deliveries against the runs they started (bursts coalesce).
 *
 * Run outcomes come from the metrics the operations publish (namespace `bcship`, dimensions service and
 * operation: see lambdas/platform/lambda-handler.ts), executions from Step Functions' own metrics.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { receiveWebhook } from '../lambdas/operations/receive-webhook.ts';
import { record } from '../lambdas/operations/record.ts';
import { recordFailure } from '../lambdas/operations/record-failure.ts';
import { verifyZones } from '../lambdas/operations/verify-zones.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambdas/platform/environment.ts';
import { BIGCOMMERCE_RESPONSE_METRICS } from '../lambdas/platform/response-metrics.ts';

export interface OperationsMonitoringProps {
  stateMachine: sfn.StateMachine;
  /** The failed-executions alarm of each state machine (OnboardStateMachine). */
  executionsFailedAlarms: cloudwatch.Alarm[];
  /** Where every alarm goes. */
  topic: sns.ITopic;
  /** Every failures (dead-letter) queue, by the name the dashboard and its alarm give it. */
  failureQueues: Record<string, sqs.IQueue>;
  /** The functions whose failed attempts the dashboard counts. */
  taskFunctions: lambda.IFunction[];
}

const PERIOD = Duration.minutes(5);

/** A metric an operation publishes (counts of its report); labelled for a graph, bare for an alarm. */
const operationMetric = (operation: string, metricName: string, period = PERIOD, labelled = true) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME, operation },
    statistic: cloudwatch.Stats.SUM,
    period,
    ...(labelled ? { label: `${metricName} (${operation})` } : {}),
  });

export class OperationsMonitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OperationsMonitoringProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    this.alarms = [
      ...props.executionsFailedAlarms,
      this.driftAlarm(),
      ...this.queueAlarms(props.failureQueues),
    ];
    for (const alarm of this.alarms) alarm.addAlarmAction(action);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [this.runsWidget(props.stateMachine), this.driftWidget()],
        [this.bigCommerceWidget(props.taskFunctions), this.durationWidget(props.stateMachine)],
        [
          this.queuesWidget(props.failureQueues),
          new cloudwatch.AlarmStatusWidget({ alarms: this.alarms, width: 12 }),
        ],
        [this.webhooksWidget()],
      ],
    });
  }

  /** A verify found a store no longer matching its profile. */
  private driftAlarm(): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, 'DriftAlarm', {
      alarmDescription: 'A store drifted from its profile (bcship.run.drifted): see the store’s last run.',
      metric: operationMetric(record.name, 'Drifted', Duration.hours(1), false),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** A failures queue holding anything: an event or invocation that failed every retry, to be replayed. */
  private queueAlarms(queues: Record<string, sqs.IQueue>): cloudwatch.Alarm[] {
    return Object.entries(queues).map(
      ([name, queue]) =>
        new cloudwatch.Alarm(this, `${name}NotEmpty`, {
          alarmDescription: `The ${name} queue holds messages that failed every retry: read, fix, replay.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: cloudwatch.Stats.MAXIMUM,
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
  }

  private runsWidget(stateMachine: sfn.StateMachine): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title: 'Runs by outcome',
      width: 12,
      stacked: true,
      left: [
        stateMachine.metricSucceeded({ period: PERIOD, label: 'executions succeeded' }),
        stateMachine.metricFailed({ period: PERIOD, label: 'executions failed' }),
        stateMachine.metricTimedOut({ period: PERIOD, label: 'executions timed out' }),
        stateMachine.metricAborted({ period: PERIOD, label: 'executions aborted' }),
        operationMetric(recordFailure.name, 'RunsRolledBack'),
      ],
    });
  }

  /** Deliveries received against runs started: the gap is the deliveries that joined a pending run. */
  private webhooksWidget(): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title: 'Webhook deliveries and the runs they started',
      width: 12,
      left: ['WebhooksReceived', 'WebhookRunsStarted', 'WebhookDeliveriesCoalesced'].map((metricName) =>
        operationMetric(receiveWebhook.name, metricName),
      ),
    });
  }

  private driftWidget(): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title: 'Drift',
      width: 12,
      left: [operationMetric(record.name, 'Drifted'), operationMetric(verifyZones.name, 'Mismatches')],
    });
  }

  private bigCommerceWidget(functions: lambda.IFunction[]): cloudwatch.GraphWidget {
    const failedAttempts = functions.map((fn) =>
      fn.metricErrors({
        period: PERIOD,
        statistic: cloudwatch.Stats.SUM,
        label: `failed attempts ${fn.node.id}`,
      }),
    );
    return new cloudwatch.GraphWidget({
      title: 'BigCommerce 429s and errors; task attempts retried or caught',
      width: 12,
      // Every operation publishes them under its own dimension: a search adds them up.
      left: BIGCOMMERCE_RESPONSE_METRICS.map(
        (metricName) =>
          new cloudwatch.MathExpression({
            expression: `SUM(SEARCH('{${METRICS_NAMESPACE},operation,service} MetricName="${metricName}"', 'Sum', ${PERIOD.toSeconds()}))`,
            label: metricName,
            period: PERIOD,
          }),
      ),
      right: failedAttempts,
    });
  }

  private durationWidget(stateMachine: sfn.StateMachine): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title: 'Execution duration',
      width: 12,
      left: [
        stateMachine.metricTime({ period: PERIOD, statistic: cloudwatch.Stats.AVERAGE, label: 'average' }),
        stateMachine.metricTime({ period: PERIOD, statistic: cloudwatch.Stats.p(90), label: 'p90' }),
        stateMachine.metricTime({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM, label: 'max' }),
      ],
    });
  }

  private queuesWidget(queues: Record<string, sqs.IQueue>): cloudwatch.GraphWidget {
    return new cloudwatch.GraphWidget({
      title: 'Failures queue depths',
      width: 12,
      left: Object.entries(queues).map(([name, queue]) =>
        queue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: cloudwatch.Stats.MAXIMUM,
          label: name,
        }),
      ),
    });
  }
}
