/**
 * Plan and apply as scripts and operators need them: a create shows its values, `--detailed-exitcode` tells
 * "no changes", "changes" and "error" apart, and an apply that deletes asks first, or refuses where nobody can
 * answer, before anything is written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliFixture, runCli } from '../support/cli-harness.ts';

vi.mock('../../lib/asl.ts', async (importOriginal) =>
  (await import('../support/synthesized-asl.ts')).withSynthesizedAsl(await importOriginal()),
);

const fixture = cliFixture('bcship-plan-');
const setUp = () => fixture.start();
const { bcship } = fixture;
const sandbox = () => fixture.sandbox;

let writesBefore = 0;

/** PUTs `body` over the store's first United States method, as someone in the control panel would. */
async function editFirstUsMethod(body: Record<string, unknown>): Promise<void> {
  const method = sandbox().state('sandbox').methodsByZone[1]![0]!;
  const response = await fetch(`${sandbox().baseUrl('sandbox')}/shipping/zones/1/methods/${method.id}`, {
    method: 'PUT',
    headers: {
      'X-Auth-Token': 'sandbox-token',
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

/** Writes since the last setup step. */
const writes = () =>
  sandbox()
    .requests.filter((request) => request.method !== 'GET')
    .slice(writesBefore);

/** flat-rate's United States method, plus `prune`: a method the store has there besides it is deleted. */
function pruningProfile(): string {
  return fixture.file('pruning.yaml', [
    'name: pruning',
    'units: { currency: USD }',
    'prune: true',
    'zones:',
    '  - match: { name: United States }',
    '    methods:',
    '      - { name: Flat Rate, type: perorder, settings: { rate: 7 } }',
  ]);
}

async function addUnmanagedMethod(): Promise<void> {
  const response = await fetch(`${sandbox().baseUrl('sandbox')}/shipping/zones/1/methods`, {
    method: 'POST',
    headers: {
      'X-Auth-Token': 'sandbox-token',
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ name: 'Legacy', type: 'peritem', settings: { rate: 3 }, enabled: true }),
  });
  expect(response.ok).toBe(true);
  writesBefore = sandbox().requests.filter((request) => request.method !== 'GET').length;
}

describe('bcship plan', () => {
  it('shows the values a create would send, one per line', async () => {
    await setUp();

    const result = await bcship('plan --store sandbox --profile flat-rate');

    expect(result.out).toMatch(
      /\+ create\s+United States \/ Flat Rate \(perorder\)\n\s+enabled = true\n\s+settings\.rate = 7\n/,
    );
    expect(result.out).toMatch(
      /International Flat Rate \(perorder\)\n\s+enabled = true\n\s+settings\.rate = 25/,
    );
  });

  it('--detailed-exitcode: 2 when there are changes, 0 when there are none, 1 on an error', async () => {
    await setUp();

    expect((await bcship('plan --profile flat-rate --detailed-exitcode')).code).toBe(2);
    await bcship('onboard --profile flat-rate');
    expect((await bcship('plan --profile flat-rate --detailed-exitcode')).code).toBe(0);
    const atlantis = join(fixture.home, 'atlantis.yaml');
    writeFileSync(
      atlantis,
      'name: atlantis\nunits: { currency: USD }\nzones:\n  - match: { name: Atlantis }\n    methods: []\n',
    );
    const failed = await bcship(`plan --profile ${atlantis} --detailed-exitcode`);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/UnknownZone/);
  });

  it('--detailed-exitcode makes a usage error 1, so that 2 always means changes', async () => {
    await setUp();

    const result = await bcship('plan --profile no/such/file.yaml --detailed-exitcode');

    expect(result.code).toBe(1);
    expect(result.err).toContain('no such file');
  });

  it('verify --detailed-exitcode exits 2 on drift', async () => {
    await setUp();
    await bcship('onboard --profile flat-rate');
    await editFirstUsMethod({ settings: { rate: 3 } });

    const result = await bcship('verify --profile flat-rate --detailed-exitcode');

    expect(result.code).toBe(2);
    expect(result.out).toContain('settings.rate is 3, expected 7');
  });
});

describe('bcship onboard, when the plan deletes', () => {
  it('refuses before any write when nobody can confirm (not a terminal) and --yes is absent', async () => {
    await setUp();
    const profile = pruningProfile();
    await addUnmanagedMethod();

    const result = await bcship(`onboard --profile ${profile}`);

    expect(result.code).toBe(2);
    expect(result.err).toMatch(/deletes 1 thing\(s\).*pass --yes.*nothing was written/);
    expect(writes()).toEqual([]);
    expect(
      sandbox()
        .state('sandbox')
        .methodsByZone[1]!.map((m) => m.name),
    ).toEqual(['Legacy']);
  });

  it('deletes with --yes', async () => {
    await setUp();
    const profile = pruningProfile();
    await addUnmanagedMethod();

    const result = await bcship(`onboard --profile ${profile} --yes`);

    expect(result.code).toBe(0);
    expect(
      sandbox()
        .state('sandbox')
        .methodsByZone[1]!.map((m) => m.name),
    ).toEqual(['Flat Rate']);
  });

  it('on a terminal, lists the deletes and writes nothing unless the answer is yes', async () => {
    await setUp();
    const profile = pruningProfile();
    await addUnmanagedMethod();
    const questions: string[] = [];
    const terminal = (answer: string) => ({
      io: {
        interactive: true,
        ask: async (question: string) => {
          questions.push(question);
          return answer;
        },
      },
    });

    const declined = await bcship(`onboard --profile ${profile}`, terminal('n'));

    expect(declined.code).toBe(1);
    expect(declined.err).toMatch(/- delete\s+United States \/ Legacy \(peritem\)/);
    expect(questions).toHaveLength(1);
    expect(writes()).toEqual([]);

    const accepted = await bcship(`onboard --profile ${profile}`, terminal('yes'));

    expect(accepted.code).toBe(0);
    expect(
      sandbox()
        .state('sandbox')
        .methodsByZone[1]!.map((m) => m.name),
    ).toEqual(['Flat Rate']);
  });

  it('does not ask when the plan deletes nothing', async () => {
    await setUp();
    const profile = pruningProfile();
    const ask = vi.fn(async () => 'no');

    const result = await bcship(`onboard --profile ${profile}`, { io: { interactive: true, ask } });

    expect(result.code).toBe(0);
    expect(ask).not.toHaveBeenCalled();
  });
});

describe('--json', () => {
  it('reconcile prints every store run, with what drifted', async () => {
    await setUp();
    await bcship('onboard --profile flat-rate');
    await editFirstUsMethod({ enabled: false });

    const result = await bcship('reconcile --json');

    const runs = JSON.parse(result.out);
    expect(runs).toMatchObject([{ storeHash: 'sandbox', profile: 'flat-rate', outcome: 'drifted' }]);
    expect(runs[0].mismatches[0].changes).toEqual([{ path: 'enabled', desired: true, actual: false }]);
  });

  it('profiles validate reports each file as an object', async () => {
    await setUp();
    const bad = join(fixture.home, 'bad.yaml');
    writeFileSync(bad, 'name: Bad Name\nzones: []\n');

    const result = await runCli(fixture.sandbox, [
      'profiles',
      'validate',
      'profiles/flat-rate.yaml',
      bad,
      '--json',
    ]);

    expect(result.code).toBe(2);
    const [ok, failed] = JSON.parse(result.out);
    expect(ok).toEqual({ file: 'profiles/flat-rate.yaml', ok: true, profile: 'flat-rate', zones: 2 });
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/name: must be a slug/);
  });
});
