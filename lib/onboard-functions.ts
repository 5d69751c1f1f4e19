/**
 * The functions of the Onboard workflow, one per operation the state machine invokes, each made when the
 * state machine first asks for it. Configuration and grants come from the operation's own `uses`
 * (see BcshipFunction), so what a function may touch is declared next to the code that touches it.
 */
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AnyOperation } from '../lambdas/operations/operation.ts';
import { BcshipFunction, type FunctionResources } from './bcship-function.ts';
import type { OperationFunctionSource } from './onboard-state-machine.ts';

/** `foo-bar` → `FooBar`: the construct id of an operation's function. */
const constructIdOf = (operationName: string): string =>
  operationName.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());

export class OnboardFunctions extends Construct implements OperationFunctionSource {
  private readonly byOperation = new Map<AnyOperation, BcshipFunction>();
  private readonly resources: FunctionResources;

  constructor(scope: Construct, id: string, resources: FunctionResources) {
    super(scope, id);
    this.resources = resources;
  }

  of(operation: AnyOperation): BcshipFunction {
    const existing = this.byOperation.get(operation);
    if (existing) return existing;
    const fn = new BcshipFunction(this, constructIdOf(operation.name), {
      operation,
      resources: this.resources,
    });
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously, by the Onboard state machine: a failed invocation is retried by the Task and then caught and recorded by RecordFailure (with an alarm on failed executions). There is no asynchronous event to dead-letter.',
    });
    this.byOperation.set(operation, fn);
    return fn;
  }

  get all(): BcshipFunction[] {
    return [...this.byOperation.values()];
  }
}
