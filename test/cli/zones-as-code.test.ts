/**
 * Zones as code, end to end through the CLI and the state machine on the sandbox: a profile declares a zone the
 * store lacks; the first apply creates it and its methods, a second writes nothing, and no zone is ever deleted
 * without `pruneZones`. The sandbox's checkout prices the zone's handling fee and free shipping.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliFixture } from '../support/cli-harness.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

const fixture = cliFixture('bcship-zones-');

const setUp = (variants: Record<string, string> = {}) => fixture.start({ variants });
const { bcship } = fixture;
const sandbox = () => fixture.sandbox;

const writes = () => sandbox().requests.filter((request) => request.method !== 'GET');
const zoneNames = () =>
  sandbox()
    .state('sandbox')
    .zones.map((zone) => zone.name);

/** A Texas state zone with a fee and free shipping from 100, one flat rate, and a checkout expectation. */
function texasProfile(extra: string[] = []): string {
  return fixture.file('texas.yaml', [
    'name: texas',
    'units: { currency: USD }',
    ...extra,
    'zones:',
    '  - zone:',
    '      name: Texas',
    '      type: state',
    '      locations: [{ country_iso2: US, state_iso2: TX }]',
    '      handling_fees: { fixed_surcharge: 2 }',
    '      free_shipping: { enabled: true, minimum_sub_total: 100 }',
    '    methods:',
    '      - { name: Texas Flat Rate, type: perorder, settings: { rate: 7 } }',
    'checkout:',
    '  - name: Austin, two mugs',
    '    address: { country: US, state: TX, zip: "78701" }',
    '    items: [{ sku: SAMPLE-MUG, quantity: 2 }]',
    '    expect: [{ method: Texas Flat Rate, cost: 9 }]',
    '  - name: Austin, two lamps',
    '    address: { country: US, state: TX, zip: "78701" }',
    '    items: [{ sku: SAMPLE-LAMP, quantity: 2 }]',
    '    expect: [{ method: Free Shipping, cost: 0 }]',
    '    absent: [Texas Flat Rate]',
  ]);
}

describe('a profile that declares a state zone for Texas the store lacks', () => {
  it('plan shows the zone and its methods as creates, with their values, and writes nothing', async () => {
    await setUp();

    const result = await bcship(`plan --profile ${texasProfile()}`);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /\+ create\s+zone Texas\n\s+type = state\n\s+locations = \[US\/TX\]\n\s+enabled = true\n\s+handling_fees = \{ fixed_surcharge: 2 \}\n\s+free_shipping = \{ enabled: true, minimum_sub_total: 100, exclude_fixed_shipping_products: false \}/,
    );
    expect(result.out).toMatch(
      /\+ create\s+Texas \/ Texas Flat Rate \(perorder\)\n\s+enabled = true\n\s+settings\.rate = 7/,
    );
    expect(writes()).toEqual([]);
  });

  it('the first apply creates the zone and its methods, priced at checkout; a second makes zero writes', async () => {
    await setUp();
    const profile = texasProfile();

    const first = await bcship(`onboard --profile ${profile}`);

    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const texas = sandbox()
      .state('sandbox')
      .zones.find((zone) => zone.name === 'Texas')!;
    expect(texas).toMatchObject({ type: 'state', locations: [{ country_iso2: 'US', state_iso2: 'TX' }] });
    expect(texas.free_shipping).toMatchObject({ enabled: true });
    expect(
      sandbox()
        .state('sandbox')
        .methodsByZone[texas.id]!.map((method) => method.name),
    ).toEqual(['Texas Flat Rate']);
    expect(first.out).toContain('Checkout: every expectation met.');
    const writesAfterFirst = writes().length;

    const second = await bcship(`onboard --profile ${profile}`);

    expect(second.code).toBe(0);
    expect(second.out).toContain('No changes');
    // The probe's carts are the only writes: none to zones or methods.
    expect(
      writes()
        .slice(writesAfterFirst)
        .filter((request) => request.path.includes('/shipping/')),
    ).toEqual([]);
    expect((await bcship(`verify --profile ${profile} --detailed-exitcode`)).code).toBe(0);
  });

  it('updates a declared zone that differs, and verify reports the difference as drift first', async () => {
    await setUp();
    const profile = texasProfile();
    await bcship(`onboard --profile ${profile}`);
    const texas = sandbox()
      .state('sandbox')
      .zones.find((zone) => zone.name === 'Texas')!;
    await fetch(`${sandbox().baseUrl('sandbox')}/shipping/zones/${texas.id}`, {
      method: 'PUT',
      headers: {
        'X-Auth-Token': 'sandbox-token',
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ name: 'Texas', handling_fees: { fixed_surcharge: '5' } }),
    });

    const drift = await bcship(`verify --profile ${profile}`);

    expect(drift.code).toBe(1);
    expect(drift.out).toMatch(
      /different\s+zone Texas: handling_fees is \{ fixed_surcharge: 5 \}, expected \{ fixed_surcharge: 2 \}/,
    );

    const fix = await bcship(`onboard --profile ${profile}`);

    expect(fix.code).toBe(0);
    expect(fix.out).toMatch(/~ update\s+zone Texas: handling_fees/);
    expect(
      sandbox()
        .state('sandbox')
        .zones.find((zone) => zone.id === texas.id)!.handling_fees,
    ).toEqual({
      fixed_surcharge: '2',
    });
  });

  it('without pruneZones no zone is ever deleted; with it, the plan shows the delete loudly', async () => {
    await setUp();
    const before = zoneNames();

    await bcship(`onboard --profile ${texasProfile()}`);

    expect(zoneNames()).toEqual([...before, 'Texas']);
    const shippingDeletes = writes().filter((r) => r.method === 'DELETE' && r.path.includes('/shipping/'));
    expect(shippingDeletes).toEqual([]);

    const pruning = await bcship(`plan --profile ${texasProfile(['pruneZones: true'])}`);

    expect(pruning.out).toMatch(/- DELETE\s+ZONE United States #1 AND ITS 0 METHOD\(S\)/);
    expect(pruning.out).toMatch(/- DELETE\s+ZONE Rest of World #3/);
    expect(zoneNames()).toEqual([...before, 'Texas']);
  });

  it('with pruneZones, refuses without --yes, and with it deletes the zones it does not name', async () => {
    await setUp();
    const profile = texasProfile(['pruneZones: true']);
    await bcship('onboard --profile flat-rate');

    const refused = await bcship(`onboard --profile ${profile}`);
    expect(refused.code).toBe(2);
    expect(zoneNames()).toContain('United States');

    const pruned = await bcship(`onboard --profile ${profile} --yes`);

    expect(pruned.code).toBe(0);
    expect(zoneNames()).toEqual(['Texas']);
  });

  it('a rollback deletes the zone it created and recreates the zones it pruned, with their methods', async () => {
    await setUp();
    await bcship('onboard --profile flat-rate');
    const before = sandbox().state('sandbox');
    // A checkout expectation no store can meet fails the run after every write.
    const profile = texasProfile(['pruneZones: true']);
    writeFileSync(
      join(fixture.home, 'failing.yaml'),
      readFileSync(profile, 'utf8').replace('cost: 9', 'cost: 99'),
    );

    const failed = await bcship(`onboard --profile ${join(fixture.home, 'failing.yaml')} --yes --rollback`);

    expect(failed.code).toBe(1);
    expect(zoneNames().sort()).toEqual(before.zones.map((zone) => zone.name).sort());
    const methodsOf = (name: string) => {
      const state = sandbox().state('sandbox');
      const zone = state.zones.find((candidate) => candidate.name === name)!;
      return state.methodsByZone[zone.id]!.map((method) => [method.name, method.settings]);
    };
    expect(methodsOf('United States')).toEqual([['Flat Rate', { rate: 7 }]]);
    expect(methodsOf('Rest of World')).toEqual([['International Flat Rate', { rate: 25 }]]);
  });
});

describe('the sandbox prices a zone’s handling fee and free shipping', () => {
  it.each([
    ['replace', [{ description: 'Free Shipping', cost: 0 }]],
    ['zero', [{ description: 'Texas Flat Rate', cost: 0 }]],
  ])('zone-free-shipping=%s: above the minimum the zone ships free', async (variant, offered) => {
    await setUp({ 'zone-free-shipping': variant });
    await bcship(`onboard --profile ${texasProfile()} --yes`);

    const below = await bcship('quote --to US/TX/78701 --item SAMPLE-MUGx2 --json');
    const above = await bcship('quote --to US/TX/78701 --item SAMPLE-LAMPx2 --json');

    // 7 and the zone's fixed fee of 2; the lamps' 120 are above the minimum of 100.
    expect(JSON.parse(below.out).offered).toMatchObject([{ description: 'Texas Flat Rate', cost: 9 }]);
    expect(JSON.parse(above.out).offered).toMatchObject(offered);
  });
});
