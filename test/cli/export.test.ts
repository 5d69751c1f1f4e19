/**
 * `bcship export` round trip on the sandbox: a configured store exported, the export planned against that store
 * (zero changes), applied to a second store of the same sandbox (which then verifies in sync, and exports the
 * same profile).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseProfileText } from '../../lambdas/shipping/profile-text.ts';
import { cliFixture, runCli } from '../support/cli-harness.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

const fixture = cliFixture('bcship-export-');

const CARRIER_FIELDS = { account_id: 'acct-export-test', pass_phrase: 'pass-export-test' };

async function setUp() {
  await fixture.start({
    seed: {
      stores: [
        { hash: 'sandbox', token: 'sandbox-token' },
        { hash: 'second', token: 'second-token' },
      ],
    },
  });
  fixture.file('secrets.json', [
    JSON.stringify({
      'bcship/stores/second': { accessToken: 'second-token' },
      'bcship/carriers/endicia': CARRIER_FIELDS,
    }),
  ]);
}

const { bcship } = fixture;

/** A Texas zone with a fee and free shipping, a weight method with ranges, a disabled per-item rate. */
function extrasProfile(): string {
  return fixture.file('extras.yaml', [
    'name: extras',
    'units: { currency: USD, weight: oz }',
    'zones:',
    '  - zone: { name: Texas, type: state, locations: [{ country_iso2: US, state_iso2: TX }], handling_fees: { percentage_surcharge: 5 }, free_shipping: { enabled: true, minimum_sub_total: 150 } }',
    '    methods:',
    '      - name: By Weight',
    '        type: weight',
    '        settings: { default_cost: 12, default_cost_type: fixed_amount, range: [{ lower_limit: 0, upper_limit: 16, shipping_cost: 5 }, { lower_limit: 16, upper_limit: 64, shipping_cost: 9 }] }',
    '  - match: { name: Canada }',
    '    methods:',
    '      - { name: Per Item, type: peritem, enabled: false, settings: { rate: 3 }, handling_fees: { fixed_surcharge: 1.5 } }',
  ]);
}

describe('bcship export', () => {
  it('round trip: the export plans to zero changes on its store, and makes a second store verify in sync', async () => {
    await setUp();
    expect((await bcship('onboard --store sandbox --profile us-standard')).code).toBe(0);
    expect((await bcship(`onboard --store sandbox --profile ${extrasProfile()}`)).code).toBe(0);
    const exported = join(fixture.home, 'exported.yaml');

    const exporting = await bcship(`export --store sandbox -o ${exported} --name storefront`);

    expect(exporting.code).toBe(0);
    const text = readFileSync(exported, 'utf8');
    const profile = parseProfileText(text);
    expect(profile.carriers).toEqual([{ id: 'endicia' }]);
    expect(profile.zones.map((zone) => zone.match)).toEqual([
      { country: 'US' },
      { country: 'CA' },
      { name: 'Rest of World' },
      { country: 'US', state: 'TX' },
    ]);
    for (const secret of ['sandbox-token', 'second-token', ...Object.values(CARRIER_FIELDS)]) {
      expect(text).not.toContain(secret);
    }

    const plan = await bcship(`plan --store sandbox --profile ${exported} --detailed-exitcode`);
    expect(plan.out).toContain('No changes');
    expect(plan.code).toBe(0);

    const applied = await bcship(`onboard --store second --profile ${exported}`);
    expect(applied.code).toBe(0);
    const verified = await bcship(`verify --store second --profile ${exported} --detailed-exitcode`);
    expect(verified.code).toBe(0);
    const again = await bcship('export --store second --name storefront');
    expect(again.out).toBe(text.trimEnd());
  });

  it('--zones exports only the zones named, by name or id; an unknown one is refused naming the zones there are', async () => {
    await setUp();
    await bcship('onboard --store sandbox --profile flat-rate');

    const some = await runCli(fixture.sandbox, [
      'export',
      '--zones',
      'united states,3',
      '--json',
      '--home',
      fixture.home,
    ]);

    expect(JSON.parse(some.out).zones.map((zone: { zone: { name: string } }) => zone.zone.name)).toEqual([
      'United States',
      'Rest of World',
    ]);
    const unknown = await bcship('export --store sandbox --zones Atlantis');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(
      /--zones: no zone atlantis in the store \(zones: 1 "United States", 2 "Canada", 3 "Rest of World"\)/,
    );
  });
});
