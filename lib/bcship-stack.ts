/** The bcship stack: composes the registry, the event bus, the functions and the Onboard state machine. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BcshipEvents } from './events.ts';
import { OnboardFunctions } from './onboard-functions.ts';
import { OnboardStateMachine } from './onboard-state-machine.ts';
import { loadProfiles, profilesDefine } from './profiles.ts';
import { readSettings } from './settings.ts';
import { StoreRegistry } from './store-registry.ts';

export class BcshipStack extends Stack {
  readonly registry: StoreRegistry;
  readonly events: BcshipEvents;
  readonly functions: OnboardFunctions;
  readonly onboard: OnboardStateMachine;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const settings = readSettings(this.node);
    const profiles = loadProfiles(settings.profilesDir);

    this.registry = new StoreRegistry(this, 'Registry');
    this.events = new BcshipEvents(this, 'Events', { eventBusName: settings.eventBusName });
    this.functions = new OnboardFunctions(this, 'Functions', {
      registry: this.registry,
      bus: this.events.bus,
      storeSecretPrefix: settings.storeSecretPrefix,
      carrierSecretPrefix: settings.carrierSecretPrefix,
      bigcommerceApiUrl: settings.bigcommerceApiUrl,
      memorySize: settings.memorySize,
      logRetention: settings.logRetention,
      profilesDefine: profilesDefine(profiles),
    });
    this.onboard = new OnboardStateMachine(this, 'Onboard', {
      functions: this.functions,
      mapMaxConcurrency: settings.mapMaxConcurrency,
      logRetention: settings.logRetention,
    });

    new CfnOutput(this, 'StateMachineArn', { value: this.onboard.stateMachine.stateMachineArn });
    new CfnOutput(this, 'RegistryTableName', { value: this.registry.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.events.bus.eventBusName });
  }
}
