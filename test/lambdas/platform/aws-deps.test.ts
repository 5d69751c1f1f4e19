import { describe, expect, test } from 'vitest';
import {
  awsDeps,
  composeAwsDeps,
  eventPorts,
  executionPorts,
  registryPorts,
} from '../../../lambdas/platform/aws-deps.ts';
import { webhookPorts } from '../../../lambdas/platform/aws-webhook-deps.ts';

const receiverDeps = (env: NodeJS.ProcessEnv) =>
  composeAwsDeps<
    ReturnType<typeof awsDeps> & { verifySignature: (body: string, headers: object) => Promise<boolean> }
  >(env, [registryPorts, executionPorts, eventPorts, webhookPorts]);

describe('awsDeps', () => {
  test('builds without reading configuration, so a function needs only the variables of the ports it uses', () => {
    expect(() => awsDeps({})).not.toThrow();
  });

  test.each([
    ['stores', 'REGISTRY_TABLE_NAME'],
    ['leases', 'REGISTRY_TABLE_NAME'],
    ['journal', 'REGISTRY_TABLE_NAME'],
    ['events', 'EVENT_BUS_NAME'],
    ['secrets', 'STORE_SECRET_PREFIX'],
    ['executions', 'STATE_MACHINE_ARN'],
  ] as const)('using %s without %s fails naming the variable', (port, variable) => {
    const deps = awsDeps({});
    expect(() => deps[port]).toThrow(`Environment variable ${variable} is not set`);
  });

  test('a BigCommerce client needs the store secret prefix to find the token', async () => {
    await expect(awsDeps({}).bigcommerce('abc123')).rejects.toThrow('STORE_SECRET_PREFIX');
  });
});

describe('awsDeps for the webhook receiver', () => {
  test('checking a signature without WEBHOOK_SECRET_NAME fails naming the variable', async () => {
    await expect(receiverDeps({}).verifySignature('{}', {})).rejects.toThrow(
      'Environment variable WEBHOOK_SECRET_NAME is not set',
    );
  });

  test('reaches the trigger ports without demanding the variables of the others', () => {
    const deps = receiverDeps({
      STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:Onboard',
    });
    expect(() => deps.executions).not.toThrow();
    expect(() => deps.stores).toThrow('REGISTRY_TABLE_NAME');
  });
});

describe('composeAwsDeps', () => {
  test('has the ports of the groups it is given and no others', () => {
    const deps = composeAwsDeps<Record<string, unknown>>({}, [eventPorts]);
    expect(Object.keys(deps)).toEqual(['events']);
  });

  test('makes no port adapter, and so loads no AWS SDK client, before a port method is called', async () => {
    const deps = awsDeps({ EVENT_BUS_NAME: 'bus', STATE_MACHINE_ARN: 'arn:aws:states:::stateMachine:x' });
    const events = deps.events;
    expect(typeof events.publish).toBe('function');
    // Awaiting a port must not be mistaken for awaiting a promise of it.
    expect(await Promise.resolve(events)).toBe(events);
  });
});
