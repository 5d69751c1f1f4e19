/**
 * The bcship stack: composes the registry, the event bus, the functions and the Onboard state machine, and
 * what starts it besides an operator: the reconciliation schedule, the webhook receiver, the app's install
 * callbacks and onboard-requested events. Drifted and
 * failed runs are forwarded to the DriftAlerts topic; executions that ended without recording have their
 * store's lease given back by lease recovery.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { appCallbacks } from '../lambdas/operations/app-callbacks.ts';
import { receiveWebhook, WEBHOOK_SCOPES } from '../lambdas/operations/receive-webhook.ts';
import { rollback } from '../lambdas/operations/rollback.ts';
import type { FunctionResources } from './bcship-function.ts';
import { DriftAlerts } from './drift-alerts.ts';
import { BcshipEvents } from './events.ts';
import { LeaseRecovery } from './lease-recovery.ts';
import { OnboardFunctions } from './onboard-functions.ts';
import { OnboardStateMachine } from './onboard-state-machine.ts';
import { OnboardingEvents } from './onboarding-events.ts';
import { OperationsMonitoring } from './operations-monitoring.ts';
import { loadAssignments, loadProfiles, profilesDefine } from './profiles.ts';
import { PublicCallbackFunction } from './public-callback-function.ts';
import { ReconcileSchedule } from './reconcile-schedule.ts';
import { RunArtifacts } from './run-artifacts.ts';
import { readSettings } from './settings.ts';
import { StoreRegistry } from './store-registry.ts';

export class BcshipStack extends Stack {
  readonly registry: StoreRegistry;
  readonly events: BcshipEvents;
  readonly runArtifacts: RunArtifacts;
  readonly functions: OnboardFunctions;
  readonly onboard: OnboardStateMachine;
  /** The same definition on Express, for scheduled reconciliation's verify runs (absent with the schedule off). */
  readonly reconcileRuns: OnboardStateMachine | undefined;
  /** Absent when `bcship:reconcileSchedule` is `off`. */
  readonly reconcile: ReconcileSchedule | undefined;
  readonly webhooks: PublicCallbackFunction;
  readonly app: PublicCallbackFunction;
  readonly onboardingEvents: OnboardingEvents;
  readonly driftAlerts: DriftAlerts;
  readonly leaseRecovery: LeaseRecovery;
  readonly monitoring: OperationsMonitoring;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const settings = readSettings(this.node);
    const profiles = loadProfiles(settings.profilesDir);
    this.registry = new StoreRegistry(this, 'Registry');
    this.events = new BcshipEvents(this, 'Events', { eventBusName: settings.eventBusName });
    this.runArtifacts = new RunArtifacts(this, 'RunArtifacts');
    const resources: FunctionResources = {
      registry: this.registry,
      bus: this.events.bus,
      runArtifacts: this.runArtifacts.bucket,
      storeSecretPrefix: settings.storeSecretPrefix,
      carrierSecretPrefix: settings.carrierSecretPrefix,
      bigcommerceApiUrl: settings.bigcommerceApiUrl,
      webhookSecretName: settings.webhookSecretName,
      webhookBurstSeconds: settings.webhookBurstSeconds,
      appSecretName: settings.appSecretName,
      oauthBaseUrl: settings.oauthBaseUrl,
      profilesDefine: profilesDefine(profiles, loadAssignments(settings.profilesDir, profiles)),
      memorySize: settings.memorySize,
      logRetention: settings.logRetention,
    };

    this.functions = new OnboardFunctions(this, 'Functions', resources);
    this.onboard = new OnboardStateMachine(this, 'Onboard', {
      functions: this.functions,
      mapMaxConcurrency: settings.mapMaxConcurrency,
      logRetention: settings.logRetention,
    });

    // What starts or watches the state machine comes after it.
    const starting = { ...resources, stateMachine: this.onboard.stateMachine };
    this.reconcileRuns =
      settings.reconcileSchedule === undefined
        ? undefined
        : new OnboardStateMachine(this, 'ReconcileRuns', {
            functions: this.functions,
            mapMaxConcurrency: settings.mapMaxConcurrency,
            logRetention: settings.logRetention,
            express: true,
          });
    this.reconcile =
      settings.reconcileSchedule === undefined || this.reconcileRuns === undefined
        ? undefined
        : new ReconcileSchedule(this, 'Reconcile', {
            resources: starting,
            runs: this.reconcileRuns.stateMachine,
            bus: this.events.bus,
            expression: settings.reconcileSchedule,
            mode: settings.reconcileMode,
            concurrency: settings.reconcileConcurrency,
            startsPerSecond: settings.reconcileStartsPerSecond,
          });
    this.webhooks = new PublicCallbackFunction(this, 'Webhooks', {
      operation: receiveWebhook,
      resources: starting,
      reservedConcurrency: settings.webhookConcurrency,
      failedRequests:
        'a failed delivery is answered with an error status and BigCommerce retries it (for up to 48 hours).',
    });
    this.app = new PublicCallbackFunction(this, 'App', {
      operation: appCallbacks,
      resources: starting,
      reservedConcurrency: settings.appCallbacksConcurrency,
      failedRequests:
        'a failed request is answered with an error status to the merchant’s browser or BigCommerce.',
    });
    this.onboardingEvents = new OnboardingEvents(this, 'OnboardingEvents', { resources: starting });
    this.driftAlerts = new DriftAlerts(this, 'DriftAlerts', { bus: this.events.bus });
    this.leaseRecovery = new LeaseRecovery(this, 'LeaseRecovery', {
      resources,
      stateMachine: this.onboard.stateMachine,
    });
    this.monitoring = this.operationsMonitoring();

    this.outputs();
  }

  /** Alarms and the dashboard, over everything the stack made before. */
  private operationsMonitoring(): OperationsMonitoring {
    return new OperationsMonitoring(this, 'Monitoring', {
      stateMachine: this.onboard.stateMachine,
      executionsFailedAlarms: [
        this.onboard.executionsFailedAlarm,
        ...(this.reconcileRuns ? [this.reconcileRuns.executionsFailedAlarm] : []),
      ],
      topic: this.driftAlerts.topic,
      failureQueues: {
        LeaseRecoveryFailures: this.leaseRecovery.failures,
        OnboardingEventsFailures: this.onboardingEvents.failures,
        UndeliveredAlerts: this.driftAlerts.undelivered,
        ...(this.reconcile ? { ReconcileFailures: this.reconcile.failures } : {}),
      },
      taskFunctions: this.functions.all,
    });
  }

  /** What an operator needs from the deployed stack. */
  private outputs(): void {
    new CfnOutput(this, 'StateMachineArn', { value: this.onboard.stateMachine.stateMachineArn });
    new CfnOutput(this, 'RegistryTableName', { value: this.registry.table.tableName });
    new CfnOutput(this, 'RunArtifactsBucketName', {
      value: this.runArtifacts.bucket.bucketName,
      description: 'Where runs keep their reports and large profiles (BCSHIP_ARTIFACTS_BUCKET for the CLI)',
    });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
    new CfnOutput(this, 'WebhookUrl', {
      value: this.webhooks.url.url,
      description: `Destination of the store webhooks (${WEBHOOK_SCOPES.join(', ')})`,
    });
    new CfnOutput(this, 'AppCallbackUrl', {
      value: this.app.url.url,
      description:
        'Base of the app callbacks to register in the Developer Portal: {url}auth, {url}load, {url}uninstall',
    });
    new CfnOutput(this, 'RollbackFunctionName', {
      value: this.functions.of(rollback).functionName,
      description:
        'Finishes a failed run’s rollback from where it stopped: invoke with {"state":{"storeHash":"…"},"executionId":"<execution name>"}',
    });
    new CfnOutput(this, 'DriftAlertsTopicArn', {
      value: this.driftAlerts.topic.topicArn,
      description: 'Subscribe to be told of drifted and failed runs, and of every alarm',
    });
  }
}
