/**
 * The seven functions of the Onboard workflow, each given exactly the configuration (and so the permissions)
 * its operation uses:
 *
 * | operation          | store secrets | carrier secrets | BigCommerce | registry   | events |
 * |--------------------|---------------|-----------------|-------------|------------|--------|
 * | resolve-zones      | yes           |                 | yes         | read, put  |        |
 * | connect-carriers   | yes           | yes             | yes         | write      |        |
 * | apply-zone-methods | yes           |                 | yes         | write      |        |
 * | verify             | yes           |                 | yes         |            |        |
 * | record             |               |                 |             | write      | yes    |
 * | record-failure     |               |                 |             | write      | yes    |
 * | rollback           | yes           |                 | yes         | read-write |        |
 *
 * Store secrets include the store-specific carrier secrets (`{storePrefix}/{storeHash}/carriers/{id}`), which
 * is why connect-carriers needs both prefixes. Registry access follows the calls each operation makes:
 * resolve-zones takes the store's lease (a conditional put) or, verifying, reads who holds it, and reads the
 * carriers recorded as connected; connect-carriers and apply-zone-methods append to the undo journal, which
 * rollback reads back (and forgets the carriers it disconnected); the recording functions give the lease back
 * and write run records, and record registers the store after an apply of a deployed profile.
 */
import { Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BcshipFunction } from './bcship-function.ts';
import type { OnboardFunctionSet } from './onboard-state-machine.ts';
import { OPERATION_TIMEOUTS, type Operation } from './operations.ts';
import type { StoreRegistry } from './store-registry.ts';

export interface OnboardFunctionsProps {
  registry: StoreRegistry;
  bus: events.IEventBus;
  storeSecretPrefix: string;
  carrierSecretPrefix: string;
  bigcommerceApiUrl: string;
  memorySize: number;
  logRetention: logs.RetentionDays;
  /** esbuild `define` for resolve-zones: the deployed profiles. */
  profilesDefine: Record<string, string>;
}

export class OnboardFunctions extends Construct implements OnboardFunctionSet {
  readonly resolveZones: BcshipFunction;
  readonly connectCarriers: BcshipFunction;
  readonly applyZoneMethods: BcshipFunction;
  readonly verify: BcshipFunction;
  readonly record: BcshipFunction;
  readonly recordFailure: BcshipFunction;
  readonly rollback: BcshipFunction;

  constructor(scope: Construct, id: string, props: OnboardFunctionsProps) {
    super(scope, id);
    const { registry, bus } = props;
    const table = registry.table;
    const create = (constructId: string, operation: Operation, define?: Record<string, string>) =>
      new BcshipFunction(this, constructId, {
        operation,
        timeout: OPERATION_TIMEOUTS[operation],
        memorySize: props.memorySize,
        logRetention: props.logRetention,
        ...(define ? { define } : {}),
      });

    this.resolveZones = create('ResolveZones', 'resolve-zones', props.profilesDefine)
      .useStoreSecrets(props.storeSecretPrefix)
      .useBigCommerce(props.bigcommerceApiUrl)
      .useRegistry(table, ['dynamodb:GetItem', 'dynamodb:PutItem']);

    this.connectCarriers = create('ConnectCarriers', 'connect-carriers')
      .useStoreSecrets(props.storeSecretPrefix)
      .useCarrierSecrets(props.carrierSecretPrefix)
      .useBigCommerce(props.bigcommerceApiUrl)
      .useRegistry(table, 'write');

    this.applyZoneMethods = create('ApplyZoneMethods', 'apply-zone-methods')
      .useStoreSecrets(props.storeSecretPrefix)
      .useBigCommerce(props.bigcommerceApiUrl)
      .useRegistry(table, 'write');

    this.verify = create('Verify', 'verify')
      .useStoreSecrets(props.storeSecretPrefix)
      .useBigCommerce(props.bigcommerceApiUrl);

    this.record = create('Record', 'record').useRegistry(table, 'write').useEvents(bus);

    this.recordFailure = create('RecordFailure', 'record-failure').useRegistry(table, 'write').useEvents(bus);

    this.rollback = create('Rollback', 'rollback')
      .useStoreSecrets(props.storeSecretPrefix)
      .useBigCommerce(props.bigcommerceApiUrl)
      .useRegistry(table, 'read-write');

    for (const fn of this.all) {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked only synchronously, by the Onboard state machine: a failed invocation is retried by the Task and then caught and recorded by RecordFailure (with an alarm on failed executions). There is no asynchronous event to dead-letter.',
      });
    }
  }

  get all(): BcshipFunction[] {
    return [
      this.resolveZones,
      this.connectCarriers,
      this.applyZoneMethods,
      this.verify,
      this.record,
      this.recordFailure,
      this.rollback,
    ];
  }
}
