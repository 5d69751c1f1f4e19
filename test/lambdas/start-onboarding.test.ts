/**
 * start-onboarding, as the rule on the bcship bus invokes it with a `bcship.store.onboard-requested` event:
 * the store is registered and exactly one Onboard execution starts per event, even when EventBridge delivers
 * the event again.
 */
import { describe, expect, test } from 'vitest';
import { createShippingClient } from '../../lambdas/bigcommerce/client.ts';
import { runOperation } from '../../lambdas/operations/operation.ts';
import { startOnboarding } from '../../lambdas/operations/start-onboarding.ts';
import { parseAssignmentRules } from '../../lambdas/shipping/assignment.ts';
import { defaultStoreToken, defaultStoreHash as STORE } from '../../sandbox/index.ts';
import { memoryDeps } from '../support/memory-deps.ts';
import { staticProfile, testProfile } from '../support/operations-fixture.ts';
import { useSandbox } from '../support/sandbox-fixture.ts';

const fixture = useSandbox();

function deps(options: { token?: boolean } = {}) {
  const apiUrl = `${fixture.sandbox().url}/stores/{storeHash}/v2`;
  const base = memoryDeps({
    apiUrl,
    profiles: { 'test-profile': testProfile, 'static-profile': staticProfile },
    storeTokens: options.token === false ? {} : { [STORE]: defaultStoreToken },
  });
  const rules = parseAssignmentRules(
    {
      default: 'test-profile',
      rules: [{ profile: 'static-profile', when: { country: 'US', currency: 'USD' } }],
    },
    base.profiles.names(),
  );
  return {
    ...base,
    assignments: () => rules,
    storeInformation: async (storeHash: string) =>
      createShippingClient({
        storeHash,
        accessToken: await base.secrets.getStoreToken(storeHash),
        baseUrl: apiUrl,
      }).getStore(),
  };
}

const event = (detail: Record<string, unknown>, id = '6a7e8feb-b491-4cf7-a9f1-bf3703467718') => ({
  version: '0',
  id,
  'detail-type': 'bcship.store.onboard-requested',
  source: 'acme.provisioning',
  account: '123456789012',
  time: '2026-12-02T02:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

describe('start-onboarding', () => {
  test('one event starts exactly one execution, with the profile it names, and registers the store', async () => {
    const d = deps();

    const result = await runOperation(
      startOnboarding,
      event({ storeHash: 'SANDBOX', profile: 'test-profile' }),
      d,
    );

    expect(d.executions.started).toHaveLength(1);
    expect(d.executions.started[0]?.input).toEqual({
      storeHash: STORE,
      profile: 'test-profile',
      mode: 'apply',
      trigger: { kind: 'event', id: expect.stringMatching(/^event-[0-9a-f]{16}$/) },
    });
    expect(result).toMatchObject({
      storeHash: STORE,
      profile: 'test-profile',
      started: true,
      reason: 'named by the event',
    });
    expect((await d.stores.getStore(STORE))?.profileName).toBe('test-profile');
  });

  test('the same event delivered again starts nothing more', async () => {
    const d = deps();
    const request = event({ storeHash: STORE, profile: 'test-profile' });

    await runOperation(startOnboarding, request, d);
    const again = await runOperation(startOnboarding, structuredClone(request), d);

    expect(again.started).toBe(false);
    expect(d.executions.started).toHaveLength(1);
  });

  test('another event for the same store is another onboarding', async () => {
    const d = deps();

    await runOperation(startOnboarding, event({ storeHash: STORE, profile: 'test-profile' }, 'event-1'), d);
    await runOperation(startOnboarding, event({ storeHash: STORE, profile: 'test-profile' }, 'event-2'), d);

    expect(d.executions.started).toHaveLength(2);
  });

  test('without a profile, the assignment rules pick one from GET /v2/store', async () => {
    const d = deps();

    const result = await runOperation(startOnboarding, event({ storeHash: STORE }), d);

    expect(result).toMatchObject({
      profile: 'static-profile',
      reason: 'rule 1 matched: country US, currency USD',
    });
    expect(d.executions.started[0]?.input.profile).toBe('static-profile');
  });

  test('a store without its token secret fails naming the secret, and nothing is registered or started', async () => {
    const d = deps({ token: false });

    await expect(
      runOperation(startOnboarding, event({ storeHash: STORE, profile: 'test-profile' }), d),
    ).rejects.toThrow(/Secret bcship\/stores\/sandbox does not exist/);
    expect(await d.stores.getStore(STORE)).toBeUndefined();
    expect(d.executions.started).toHaveLength(0);
  });

  test('a profile that is not deployed fails naming it, before anything is written', async () => {
    const d = deps();

    await expect(
      runOperation(startOnboarding, event({ storeHash: STORE, profile: 'nope' }), d),
    ).rejects.toThrow(/no profile named "nope"/);
    expect(await d.stores.getStore(STORE)).toBeUndefined();
    expect(d.executions.started).toHaveLength(0);
  });

  test('bad detail is refused by its field', async () => {
    await expect(runOperation(startOnboarding, event({ storeHash: 'not a hash!' }), deps())).rejects.toThrow(
      /detail\.storeHash/,
    );
    await expect(
      runOperation(startOnboarding, event({ storeHash: STORE, token: 'x' }), deps()),
    ).rejects.toThrow(/detail/);
  });
});
