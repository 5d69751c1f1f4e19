/**
 * Profiles for fleets through the CLI on the sandbox: one base profile, two stores each overriding one rate
 * (one by a var, one by method identity), planned and onboarded with one `--stores` command each; a fleet file
 * mapping stores to profiles and secrets; the resolved profile shown per store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliFixture } from '../support/cli-harness.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

const fixture = cliFixture('bcship-fleet-');
const { bcship } = fixture;

async function setUp() {
  await fixture.start({
    seed: {
      stores: [
        { hash: 'alpha', token: 'alpha-token' },
        { hash: 'beta', token: 'beta-token' },
      ],
    },
  });
  fixture.file('secrets.json', [JSON.stringify({ 'bcship/stores/alpha': { accessToken: 'alpha-token' } })]);
  fixture.file('beta-secrets.json', [
    JSON.stringify({ 'bcship/stores/beta': { accessToken: 'beta-token' } }),
  ]);
}

/** The base: a US flat rate set by a var, and an international one. */
const base = () =>
  fixture.file('fleet-base.yaml', [
    'name: fleet-base',
    'units: { currency: USD }',
    'vars: { us_rate: 7 }',
    'zones:',
    '  - match: { country: US }',
    '    methods:',
    '      - { name: Flat Rate, type: perorder, settings: { rate: "${us_rate}" } }',
    '  - match: { name: Rest of World }',
    '    methods:',
    '      - { name: International Flat Rate, type: perorder, settings: { rate: 25 } }',
  ]);

/** alpha sets the var; beta overrides the international method by its identity. */
function storeOverrides(): void {
  fixture.file('stores/alpha.yaml', ['extends: fleet-base', 'vars: { us_rate: 8 }']);
  fixture.file('stores/beta.yaml', [
    'extends: ../fleet-base.yaml',
    'zones:',
    '  - match: { name: Rest of World }',
    '    methods:',
    '      - { name: International Flat Rate, type: perorder, settings: { rate: 30 } }',
  ]);
}

const flatRates = (store: string) =>
  Object.values(fixture.sandbox.state(store).methodsByZone)
    .flat()
    .map((method) => `${method.name}=${method.settings.rate}`)
    .sort();

describe('a base profile and two stores overriding one rate each', () => {
  /** Both stores onboarded with the base, through a fleet file (beta with its own secrets file). */
  async function onboardBase(): Promise<string> {
    const fleet = fixture.file('fleet.yaml', [
      'stores:',
      `  - { store: alpha, profile: ${base()} }`,
      `  - { store: beta, profile: ${base()}, secrets: beta-secrets.json }`,
    ]);
    const first = await bcship(`onboard --fleet ${fleet}`);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^alpha\s+fleet-base\s+succeeded\s+2\s+0$/m);
    expect(first.out).toMatch(/^beta\s+fleet-base\s+succeeded\s+2\s+0$/m);
    return fleet;
  }

  it('plan for both in one --stores command shows only the overridden differences', async () => {
    await setUp();
    const fleet = await onboardBase();
    storeOverrides();

    const plan = await bcship(
      `plan --stores alpha,beta --profile ${base()} --fleet ${fleet} --detailed-exitcode`,
    );

    expect(plan.code).toBe(2);
    expect(plan.out).toMatch(/^alpha\s+fleet-base\s+planned\s+1\s+0$/m);
    expect(plan.out).toMatch(/^beta\s+fleet-base\s+planned\s+1\s+0$/m);
    const changes = plan.out.split('\n').filter((line) => /^\s+[+~-] /.test(line));
    expect(changes).toEqual([
      '  ~ update  United States / Flat Rate (perorder): settings.rate 7 → 8',
      '  ~ update  Rest of World / International Flat Rate (perorder): settings.rate 25 → 30',
    ]);
  }, 60_000);

  it('onboarding both with one command converges: each store verifies in sync with its own values', async () => {
    await setUp();
    const fleet = await onboardBase();
    storeOverrides();

    const onboard = await bcship(`onboard --fleet ${fleet}`);

    expect(onboard.code).toBe(0);
    expect(flatRates('alpha')).toEqual(['Flat Rate=8', 'International Flat Rate=25']);
    expect(flatRates('beta')).toEqual(['Flat Rate=7', 'International Flat Rate=30']);
    const verify = await bcship(`verify --all --fleet ${fleet} --detailed-exitcode --json`);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject([
      { storeHash: 'alpha', outcome: 'in-sync', changes: [], mismatches: [] },
      { storeHash: 'beta', outcome: 'in-sync', changes: [], mismatches: [] },
    ]);
  }, 60_000);

  it('--all runs every store of the local registry with the profile it is registered with', async () => {
    await setUp();
    fixture.file('secrets.json', [
      JSON.stringify({
        'bcship/stores/alpha': { accessToken: 'alpha-token' },
        'bcship/stores/beta': { accessToken: 'beta-token' },
      }),
    ]);
    // A named profile registers the store; flat-rate is one of profiles/.
    await bcship('onboard --stores alpha,beta --profile flat-rate');

    const verify = await bcship('verify --all --json');

    expect(JSON.parse(verify.out)).toMatchObject([
      { storeHash: 'alpha', profile: 'flat-rate', outcome: 'in-sync' },
      { storeHash: 'beta', profile: 'flat-rate', outcome: 'in-sync' },
    ]);
  }, 60_000);

  it('profiles show prints the profile a store runs, resolved', async () => {
    await setUp();
    const profile = base();
    storeOverrides();

    const alpha = await bcship(`profiles show --store alpha --profile ${profile} --json`);
    const beta = await bcship(`profiles show --store beta --profile ${profile}`);

    expect(JSON.parse(alpha.out).zones[0].methods[0].settings).toEqual({ rate: 8 });
    expect(JSON.parse(alpha.out).name).toBe('fleet-base');
    expect(beta.out).toMatch(
      /name: International Flat Rate\n\s+type: perorder\n\s+enabled: true\n\s+settings:\n\s+rate: 30/,
    );
    expect(beta.out).toMatch(/rate: 7/);
  });

  it('names the file and the path of an error in an override', async () => {
    await setUp();
    const profile = base();
    fixture.file('stores/alpha.yaml', ['extends: fleet-base', 'vars: { us_rate: -1 }']);
    fixture.file('stores/beta.yaml', [
      'extends: fleet-base',
      'zones:',
      '  - match: { country: US }',
      '    methods:',
      '      - { settings: { rate: 3 } }',
    ]);

    const alpha = await bcship(`plan --store alpha --profile ${profile}`);
    const beta = await bcship(`plan --store beta --profile ${profile}`);

    expect(alpha.code).toBe(2);
    expect(alpha.err).toContain('fleet-base.yaml + ');
    expect(alpha.err).toContain('stores/alpha.yaml');
    expect(alpha.err).toContain('zones[0].methods[0].settings.rate: must be >= 0');
    expect(beta.code).toBe(2);
    expect(beta.err).toMatch(
      /stores\/beta\.yaml.*zones\[0\]\.methods\[0\]: must have a type and a name to be merged/,
    );
  });

  it('export --stores writes one profile per store into a folder, with a summary', async () => {
    await setUp();
    await bcship(`onboard --store alpha --profile ${base()}`);
    const folder = join(fixture.home, 'exports');

    const result = await bcship(
      `export --stores alpha,beta -o ${folder} --secrets ${join(fixture.home, 'beta-secrets.json')} --fleet ${fixture.file('f.yaml', ['stores:', '  - { store: alpha, profile: x, secrets: secrets.json }'])}`,
    );

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^alpha\s+store-alpha\s+exported/m);
    expect(result.out).toMatch(/^beta\s+store-beta\s+exported/m);
    expect(readFileSync(join(folder, 'alpha.yaml'), 'utf8')).toContain('name: Flat Rate');
    expect(readFileSync(join(folder, 'beta.yaml'), 'utf8')).not.toContain('name: Flat Rate');
  });
});
