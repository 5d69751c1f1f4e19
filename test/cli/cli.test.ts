/**
 * The bcship CLI, in-process (main() with captured output) against an in-process sandbox. The CLI as real
 * processes is in test/processes/cli.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';
import { runCli } from '../support/cli-harness.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

const TOKEN = 'sandbox-token';
let home: string;
let sandbox: Sandbox;

afterEach(async () => {
  await sandbox?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli(sandbox, args, { env });

async function setUp() {
  home = mkdtempSync(join(tmpdir(), 'bcship-cli-'));
  sandbox = await startSandbox();
}

describe('bcship onboard / plan / verify (local)', () => {
  it('onboard configures the store and prints the changes and the verification table', async () => {
    await setUp();

    const result = await cli(['onboard', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);

    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('2 change(s) made');
    expect(result.out).toMatch(/United States\s+Flat Rate\s+perorder\s+ok/);
    expect(result.out).toMatch(/Rest of World\s+International Flat Rate\s+perorder\s+ok/);
    expect(sandbox.state('sandbox').methodsByZone[3]).toHaveLength(1);
  });

  it('plan prints the diff and writes nothing', async () => {
    await setUp();

    const result = await cli(['plan', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);

    expect(result.code).toBe(0);
    expect(result.out).toContain('2 change(s) would be made');
    expect(result.out).toMatch(/\+ create\s+United States \/ Flat Rate \(perorder\)/);
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('verify exits 0 when the store matches and 1 on drift', async () => {
    await setUp();
    await cli(['onboard', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);
    expect((await cli(['verify', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home])).code).toBe(
      0,
    );
    const method = sandbox.state('sandbox').methodsByZone[1]![0]!;
    await fetch(`${sandbox.baseUrl('sandbox')}/shipping/zones/1/methods/${method.id}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': TOKEN, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ settings: { rate: 3 } }),
    });

    const drift = await cli(['verify', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);

    expect(drift.code).toBe(1);
    expect(drift.out).toContain('settings.rate');
    expect(drift.out).toContain('drifted');
  });

  it('takes a profile file, and exits 2 with one readable line on an unknown zone', async () => {
    await setUp();
    const file = join(home, 'atlantis.yaml');
    writeFileSync(
      file,
      'name: atlantis\nunits: { currency: USD }\nzones:\n  - match: { name: Atlantis }\n    methods:\n      - { name: Boat, type: perorder, settings: { rate: 1 } }\n',
    );

    const result = await cli(['onboard', '--store', 'sandbox', '--profile', file, '--home', home]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^UnknownZone: .*Atlantis/);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 before running when the profile file is invalid, naming the field', async () => {
    await setUp();
    const file = join(home, 'bad.yaml');
    writeFileSync(
      file,
      'name: bad\nzones:\n  - match: { id: 1 }\n    methods:\n      - { name: X, type: perorder, settings: { rate: -1 } }\n',
    );

    const result = await cli(['onboard', '--store', 'sandbox', '--profile', file, '--home', home]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('zones[0].methods[0].settings.rate');
    expect(sandbox.requests).toEqual([]);
  });

  it('exits 2 with a usage message when no store is given', async () => {
    await setUp();

    const result = await cli(['plan', '--profile', 'flat-rate', '--home', home], { BC_STORE_HASH: '' });

    expect(result.code).toBe(2);
    expect(result.err).toContain('--store is required');
  });

  it('exits 2 before any request when the API URL names another store than --store', async () => {
    await setUp();

    const result = await cli(['onboard', '--store', 'other', '--profile', 'flat-rate', '--home', home], {
      BC_API_URL: `${sandbox.url}/stores/sandbox/v2`,
    });

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/names store sandbox but --store is other/);
    expect(sandbox.requests).toEqual([]);
  });

  it('takes an API URL that names the store run, or holds {storeHash}', async () => {
    await setUp();
    const named = await cli(['plan', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home], {
      BC_API_URL: `${sandbox.url}/stores/sandbox/v2`,
    });
    const placeholder = await cli([
      'plan',
      '--profile',
      'flat-rate',
      '--home',
      home,
      '--api-url',
      `${sandbox.url}/stores/{storeHash}/v2`,
    ]);

    expect([named.code, placeholder.code]).toEqual([0, 0]);
  });

  it('escapes what the store sent before printing it', async () => {
    home = mkdtempSync(join(tmpdir(), 'bcship-cli-'));
    const evil = 'Legacy\u001b[31m\u202eetaR';
    sandbox = await startSandbox({
      seed: {
        stores: [
          {
            hash: 'sandbox',
            token: TOKEN,
            zones: [
              {
                id: 1,
                name: 'United States',
                type: 'country',
                locations: [{ country_iso2: 'US' }],
                methods: [{ name: evil, type: 'perorder', settings: { rate: 1 } }],
              },
            ],
          },
        ],
      },
    });
    const file = join(home, 'pruned.yaml');
    writeFileSync(
      file,
      'name: pruned\nunits: { currency: USD }\nprune: true\nzones:\n  - match: { country: US }\n    methods:\n      - { name: Flat, type: perorder, settings: { rate: 5 } }\n',
    );

    const result = await cli(['plan', '--store', 'sandbox', '--profile', file, '--home', home]);

    expect(result.code).toBe(0);
    expect(result.out).toContain('Legacy\\u{001b}[31m\\u{202e}etaR (perorder)');
    expect(result.out).not.toContain('\u001b');
    expect(result.out).not.toContain('\u202e');
  });

  it('exits 2 naming both units when the store weighs in another unit, writing nothing', async () => {
    home = mkdtempSync(join(tmpdir(), 'bcship-cli-'));
    sandbox = await startSandbox({
      seed: {
        stores: [{ hash: 'sandbox', token: TOKEN, info: { weight_units: 'Kilograms', currency: 'USD' } }],
      },
    });
    const file = join(home, 'pounds.yaml');
    writeFileSync(
      file,
      [
        'name: pounds',
        'units: { currency: USD, weight: lb }',
        'zones:',
        '  - match: { country: US }',
        '    methods:',
        '      - name: By Weight',
        '        type: weight',
        '        settings: { range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 5 }] }',
        '',
      ].join('\n'),
    );

    const result = await cli(['onboard', '--store', 'sandbox', '--profile', file, '--home', home]);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/UnitsMismatch/);
    expect(result.err).toContain('lb');
    expect(result.err).toContain('Kilograms');
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('status shows the last run of each store from the local registry', async () => {
    await setUp();
    await cli(['onboard', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);

    const result = await cli(['status', '--home', home]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/sandbox\s+profile flat-rate\s+last apply succeeded/);
  });
});

describe('bcship reconcile', () => {
  it('verifies every registered store and exits 1 when one has drifted', async () => {
    home = mkdtempSync(join(tmpdir(), 'bcship-cli-'));
    sandbox = await startSandbox({
      seed: {
        stores: [
          { hash: 'sandbox', token: TOKEN },
          { hash: 'second', token: 'second-token' },
        ],
      },
    });
    writeFileSync(
      join(home, 'secrets.json'),
      JSON.stringify({ 'bcship/stores/second': { accessToken: 'second-token' } }),
    );
    await cli(['onboard', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);
    await cli(['onboard', '--store', 'second', '--profile', 'flat-rate', '--home', home]);
    expect((await cli(['reconcile', '--home', home])).code).toBe(0);
    const method = sandbox.state('second').methodsByZone[1]![0]!;
    await fetch(`${sandbox.baseUrl('second')}/shipping/zones/1/methods/${method.id}`, {
      method: 'PUT',
      headers: {
        'X-Auth-Token': 'second-token',
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ enabled: false }),
    });

    const result = await cli(['reconcile', '--home', home]);

    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^sandbox\s+flat-rate\s+in-sync/m);
    expect(result.out).toMatch(/^second\s+flat-rate\s+drifted\s+0\s+1$/m);
    expect(result.out).toMatch(
      /^second:\n {2}✗ different\s+United States \/ Flat Rate \(perorder\) #\d+: enabled is false, expected true$/m,
    );
    expect(sandbox.state('second').methodsByZone[1]![0]!.enabled).toBe(false);
  });

  it('with --apply, fixes the drift it finds', async () => {
    await setUp();
    await cli(['onboard', '--store', 'sandbox', '--profile', 'flat-rate', '--home', home]);
    const method = sandbox.state('sandbox').methodsByZone[1]![0]!;
    await fetch(`${sandbox.baseUrl('sandbox')}/shipping/zones/1/methods/${method.id}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': TOKEN, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });

    const result = await cli(['reconcile', '--apply', '--home', home]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^sandbox\s+flat-rate\s+succeeded\s+1\s+0$/m);
    expect(result.out).toMatch(/~ update\s+United States \/ Flat Rate \(perorder\): enabled false → true/);
    expect(sandbox.state('sandbox').methodsByZone[1]![0]!.enabled).toBe(true);
  });
});

describe('bcship quote', () => {
  /** Every kind of static rate in the United States zone, one of them disabled. */
  const RATES_PROFILE = {
    name: 'every-rate',
    units: { currency: 'USD', weight: 'oz' },
    zones: [
      {
        match: { name: 'United States' },
        methods: [
          {
            name: 'Flat Rate',
            type: 'perorder',
            settings: { rate: 7 },
            handling_fees: { fixed_surcharge: 1.5 },
          },
          { name: 'Per Item', type: 'peritem', settings: { rate: 2 } },
          {
            name: 'By Weight',
            type: 'weight',
            settings: {
              default_cost: 15,
              default_cost_type: 'fixed_amount',
              range: [
                { lower_limit: 0, upper_limit: 1, shipping_cost: 5 },
                { lower_limit: 1, upper_limit: 5, shipping_cost: 9 },
              ],
            },
          },
          {
            name: 'By Total',
            type: 'total',
            settings: { range: [{ lower_limit: 0, upper_limit: 50, shipping_cost: 6 }] },
            handling_fees: { percentage_surcharge: 10 },
          },
          { name: 'Hidden', type: 'perorder', enabled: false, settings: { rate: 1 } },
        ],
      },
    ],
  };

  async function onboardEveryRate() {
    await setUp();
    const file = join(home, 'every-rate.json');
    writeFileSync(file, JSON.stringify(RATES_PROFILE));
    const onboard = await cli(['onboard', '--store', 'sandbox', '--profile', file, '--home', home]);
    expect(onboard.code, onboard.err).toBe(0);
  }

  it('lists what a Texas shopper is offered, each cost as the profile prices it', async () => {
    await onboardEveryRate();
    // Two mugs: 12 each (subtotal 24), 1 lb each (2 lb).
    const result = await cli([
      'quote',
      '--store',
      'sandbox',
      '--to',
      'US/TX/78701',
      '--item',
      'SAMPLE-MUGx2',
      '--home',
      home,
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Flat Rate\s+\S+\s+8\.50/);
    expect(result.out).toMatch(/Per Item\s+\S+\s+4\.00/);
    expect(result.out).toMatch(/By Weight\s+\S+\s+9\.00/);
    expect(result.out).toMatch(/By Total\s+\S+\s+6\.60/);
    expect(result.out).not.toContain('Hidden');
    expect(sandbox.cartIds('sandbox')).toEqual([]);
  });

  it('prints the same as JSON with --json', async () => {
    await onboardEveryRate();
    const result = await cli([
      'quote',
      '--store',
      'sandbox',
      '--to',
      'US/TX/78701',
      '--item',
      'SAMPLE-MUGx2',
      '--home',
      home,
      '--json',
    ]);
    expect(result.code, result.err).toBe(0);
    const offered = (JSON.parse(result.out) as { offered: { description: string; cost: number }[] }).offered;
    expect(Object.fromEntries(offered.map((option) => [option.description, option.cost]))).toEqual({
      'Flat Rate': 8.5,
      'Per Item': 4,
      'By Weight': 9,
      'By Total': 6.6,
    });
  });

  it('onboard prints what the checkout offered, and exits 1 naming the expectation when it differs', async () => {
    await setUp();
    const passed = await cli(['onboard', '--store', 'sandbox', '--profile', 'us-checked', '--home', home]);
    expect(passed.code, passed.err).toBe(0);
    expect(passed.out).toMatch(/Austin, two mugs\s+Flat Rate\s+7\.00/);
    expect(passed.out).toContain('Checkout: every expectation met.');

    const file = join(home, 'expects-8.yaml');
    writeFileSync(
      file,
      readFileSync('profiles/us-checked.yaml', 'utf8')
        .replace('name: us-checked', 'name: expects-8')
        .replace('cost: 7 }', 'cost: 8 }'),
    );
    const failed = await cli(['onboard', '--store', 'sandbox', '--profile', file, '--home', home]);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('CheckoutMismatch');
    expect(failed.err).toContain('Austin, two mugs: Flat Rate: expected cost 8, offered 7');
    expect(sandbox.cartIds('sandbox')).toEqual([]);
  });

  it('checks the address and items as a profile’s checkout expectation is checked', async () => {
    await setUp();
    const tooMany = await cli([
      'quote',
      '--store',
      'sandbox',
      '--to',
      'us/tx',
      '--item',
      'SAMPLE-MUGx5000',
      '--home',
      home,
    ]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.err).toContain('--item: "SAMPLE-MUGx5000": quantity');
  });

  it('exits 2 naming the option when the address or an item is malformed', async () => {
    await setUp();
    const badAddress = await cli([
      'quote',
      '--store',
      'sandbox',
      '--to',
      'Texas',
      '--item',
      'SAMPLE-MUG',
      '--home',
      home,
    ]);
    expect(badAddress.code).toBe(2);
    expect(badAddress.err).toContain('--to');
    const noItem = await cli(['quote', '--store', 'sandbox', '--to', 'US/TX', '--home', home]);
    expect(noItem.code).toBe(2);
    expect(noItem.err).toContain('--item');
  });
});

describe('bcship profiles validate', () => {
  it('accepts every example profile', async () => {
    await setUp();
    const result = await cli([
      'profiles',
      'validate',
      'profiles/flat-rate.yaml',
      'profiles/us-standard.yaml',
    ]);
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toHaveLength(2);
  });

  it('rejects an invalid file with exit 2 and the offending field', async () => {
    await setUp();
    const file = join(home, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', zones: [{ match: { country: 'USA' }, methods: [] }] }));

    const result = await cli(['profiles', 'validate', file]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('zones[0].match');
  });
});

describe('bcship demo', () => {
  it('configures the sandbox store, and a second run reports zero changes', async () => {
    home = mkdtempSync(join(tmpdir(), 'bcship-demo-'));

    const first = await cli(['demo', '--home', home]);
    const second = await cli(['demo', '--home', home]);

    expect(first.code).toBe(0);
    expect(first.out).toContain('3 change(s) made');
    expect(first.out).toMatch(/United States\s+USPS\s+endicia\s+ok/);
    expect(second.code).toBe(0);
    expect(second.out).toContain('No changes: the store already matches the profile.');
  });
});
