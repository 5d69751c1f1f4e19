/**
 * What the webhook receiver and the app's `/uninstall` callback do under concurrency, run against a registry
 * adapter (the JSON file, or DynamoDB on moto): the real handlers, many deliveries at once, with events and
 * executions recorded in memory. A burst of deliveries for one store starts one run; a burst of uninstalls,
 * from the webhook and the callback alike, publishes one event.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { type AppRequest, handleCallback } from '../../../../lambdas/app/callbacks.ts';
import { type ReceiveWebhookDeps, receiveWebhook } from '../../../../lambdas/operations/receive-webhook.ts';
import type {
  AppDeps,
  EventsPort,
  PendingRunPort,
  StoreRegistryPort,
} from '../../../../lambdas/platform/ports.ts';
import { STORE_UNINSTALLED_EVENT } from '../../../../lambdas/platform/store-events.ts';
import type { PublishedEvent } from '../../../../local/platform/memory-events.ts';
import { AppMarketplace } from '../../../../sandbox/apps.ts';
import { MemoryExecutions } from '../../../support/memory-deps.ts';
import {
  signedDelivery,
  testSignatureVerifier,
  webhookPayload,
} from '../../../support/webhook-deliveries.ts';

interface WebhookBurstHarness {
  stores: StoreRegistryPort;
  pendingRuns: PendingRunPort;
}

/** The adapters over an empty registry, their clock read from `now`. */
export type WebhookBurstFactory = (now: () => Date) => Promise<WebhookBurstHarness>;

const STORE = 'abc123';
const WINDOW_SECONDS = 60;
const BURST = 20;
const APP = {
  clientId: 'client-bursts',
  clientSecret: 'secret-BURSTS-51c2',
  appUrl: 'http://127.0.0.1:1',
  scopes: [],
};

/** Events that can be made to fail, as EventBridge does now and then. */
class FlakyEvents implements EventsPort {
  readonly published: PublishedEvent[] = [];
  failures = 0;

  async publish(detailType: string, detail: Record<string, unknown>): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('EventBridge is unavailable'), { name: 'InternalException' });
    }
    this.published.push({ detailType, detail: structuredClone(detail) });
  }
}

export function describeWebhookBurstContract(adapterName: string, factory: WebhookBurstFactory): void {
  describe(`${adapterName}: bursts of webhook deliveries`, () => {
    let now: Date;
    let harness: WebhookBurstHarness;
    let events: FlakyEvents;
    let executions: MemoryExecutions;
    let receiver: ReceiveWebhookDeps;
    let app: AppDeps;
    const marketplace = new AppMarketplace(Date.now);
    marketplace.register(APP);

    beforeEach(async () => {
      now = new Date('2026-12-02T05:00:00Z');
      harness = await factory(() => now);
      events = new FlakyEvents();
      executions = new MemoryExecutions();
      const ports = { stores: harness.stores, events, executions };
      receiver = {
        ...ports,
        pendingRuns: harness.pendingRuns,
        verifySignature: testSignatureVerifier(),
        burstWindowSeconds: WINDOW_SECONDS,
      };
      app = uninstallingApp(ports);
      await harness.stores.registerStore(STORE, 'us-standard');
    });

    const later = (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    };

    /** Delivery `i` of a burst: store/information/updated, with a store/channel/created every fifth. */
    const update = (id: string, i = 0) =>
      receiveWebhook.run(
        signedDelivery(
          webhookPayload(
            STORE,
            i % 5 === 4 ? { scope: 'store/channel/created', data: { type: 'channel', id: i } } : {},
          ),
          { id },
        ),
        receiver,
      );

    test(`${BURST} distinct deliveries at once start one run, which reads the store after the window`, async () => {
      const results = await Promise.all(Array.from({ length: BURST }, (_, i) => update(`msg_burst_${i}`, i)));

      expect(executions.started).toHaveLength(1);
      const [run] = executions.started;
      expect(run?.input).toMatchObject({
        storeHash: STORE,
        mode: 'apply',
        notBefore: '2026-12-02T05:01:00Z',
      });
      const owner = run?.input.trigger?.id;
      expect(results.filter((result) => result.outcome === 'started')).toHaveLength(1);
      expect(
        results.filter((result) => result.outcome === 'coalesced').map((result) => result.coalescedInto),
      ).toEqual(Array.from({ length: BURST - 1 }, () => owner));
      expect(results.every((result) => result.statusCode === 200)).toBe(true);
    });

    test('a delivery after the window starts the next run; one inside it does not', async () => {
      await update('msg_first');
      later(WINDOW_SECONDS - 10);
      const inside = await update('msg_inside');
      later(11);

      const after = await update('msg_after');

      expect(inside.outcome).toBe('coalesced');
      expect(after.outcome).toBe('started');
      expect(executions.started.map(({ input }) => [input.trigger?.id, input.notBefore])).toEqual([
        ['msg_first', '2026-12-02T05:01:00Z'],
        ['msg_after', '2026-12-02T05:02:01Z'],
      ]);
    });

    test('redeliveries of the delivery that started the run start nothing more, at once or later', async () => {
      const first = await Promise.all(Array.from({ length: 5 }, () => update('msg_same')));
      later(WINDOW_SECONDS * 3);

      const muchLater = await update('msg_same');

      expect(first.filter((result) => result.outcome === 'started')).toHaveLength(1);
      expect(muchLater.outcome).toBe('already-started');
      expect(executions.started).toHaveLength(1);
    });

    test('a delivery whose run could not start fails, and the burst still gets its one run', async () => {
      executions.failing.set(
        STORE,
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      );
      await expect(update('msg_unlucky')).rejects.toThrow('Rate exceeded');
      executions.failing.clear();
      later(1);

      const rest = await Promise.all(Array.from({ length: BURST - 1 }, (_, i) => update(`msg_rest_${i}`, i)));
      const retry = await update('msg_unlucky');

      expect(executions.started).toHaveLength(1);
      expect(rest.filter((result) => result.outcome === 'started')).toHaveLength(1);
      expect(retry.outcome).toBe('coalesced');
    });

    test(`${BURST} uninstalls at once, from the webhook and the callback, publish one event`, async () => {
      const results = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          i % 2 === 0 ? uninstallHook(`msg_gone_${i}`) : uninstallCallback(),
        ),
      );

      expect(uninstalledEvents()).toHaveLength(1);
      expect(uninstalledEvents()[0]).toMatchObject({ storeHash: STORE, profileName: 'us-standard' });
      expect(
        results.filter((outcome) => outcome === 'deregistered' || outcome === 'uninstalled'),
      ).toHaveLength(1);
      expect(await harness.stores.getStore(STORE)).toBeUndefined();
    });

    test('a store installed again and uninstalled again is announced again', async () => {
      await Promise.all([uninstallHook('msg_gone_1'), uninstallCallback()]);
      await harness.stores.registerStore(STORE, 'flat-rate');

      await Promise.all([uninstallCallback(), uninstallHook('msg_gone_2'), uninstallHook('msg_gone_2')]);

      expect(uninstalledEvents().map((detail) => detail.profileName)).toEqual(['us-standard', 'flat-rate']);
    });

    test('an uninstall whose event could not be published leaves the store registered, for its retry to announce', async () => {
      events.failures = 1;
      await expect(uninstallHook('msg_gone')).rejects.toThrow('EventBridge is unavailable');
      expect(await harness.stores.getStore(STORE)).toMatchObject({ profileName: 'us-standard' });

      await Promise.all([uninstallHook('msg_gone'), uninstallCallback()]);

      expect(uninstalledEvents()).toHaveLength(1);
      expect(await harness.stores.getStore(STORE)).toBeUndefined();
    });

    const uninstalledEvents = () =>
      events.published
        .filter((event) => event.detailType === STORE_UNINSTALLED_EVENT)
        .map((event) => event.detail);

    const uninstallHook = async (id: string) =>
      (
        await receiveWebhook.run(
          signedDelivery(webhookPayload(STORE, { scope: 'store/app/uninstalled' }), { id }),
          receiver,
        )
      ).outcome;

    const uninstallCallback = async () => {
      const request: AppRequest = {
        method: 'GET',
        path: '/uninstall',
        query: { signed_payload_jwt: marketplace.signedPayload(STORE, APP.clientId) },
        origin: 'https://bcship.example',
      };
      return (await handleCallback(request, app)).outcome;
    };
  });
}

/** What `/uninstall` reaches: the registry, events, the app's credentials and the store's token. */
function uninstallingApp(ports: Pick<AppDeps, 'stores' | 'events' | 'executions'>): AppDeps {
  const unused = (what: string) => () => {
    throw new Error(`/uninstall does not use ${what}`);
  };
  return {
    ...ports,
    appCredentials: async () => ({ clientId: APP.clientId, clientSecret: APP.clientSecret }),
    storeTokens: { putStoreToken: unused('putStoreToken'), disableStoreToken: async () => undefined },
    loginUrl: 'http://127.0.0.1:9',
    secrets: { getStoreToken: unused('secrets'), getCarrierConnection: unused('secrets') },
    profiles: { get: unused('profiles'), names: unused('profiles') },
    storeInformation: unused('storeInformation'),
    assignments: unused('assignments'),
  };
}
