/** The EventBridge bus run outcomes are published on (`bcship.run.succeeded`, `bcship.run.failed`, …). */
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface BcshipEventsProps {
  eventBusName: string;
}

export class BcshipEvents extends Construct {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: BcshipEventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.eventBusName });
  }
}
