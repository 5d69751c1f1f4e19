/** `bcship profiles assign`: the profile the repository's assignment rules give a sandbox store, and why. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { type Sandbox, startSandbox } from '../../sandbox/index.ts';

let sandbox: Sandbox | undefined;
let home: string | undefined;

afterEach(async () => {
  await sandbox?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function assign(info: Record<string, unknown>, args: string[] = []) {
  sandbox = await startSandbox({ seed: { stores: [{ hash: 'abc123', token: 'tok-1', info }] } });
  home = mkdtempSync(join(tmpdir(), 'bcship-assign-'));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['profiles', 'assign', '--store', 'abc123', '--home', home, ...args], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {
      BC_API_URL: `${sandbox.url}/stores/{storeHash}/v2`,
      BC_STORE_HASH: 'abc123',
      BC_ACCESS_TOKEN: 'tok-1',
    },
    progress: false,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('a store no rule matches gets the default, with the facts it was judged on', async () => {
  const { code, out } = await assign({ plan_name: 'Standard', plan_level: 'Standard' });

  expect(code).toBe(0);
  expect(out).toContain('Store abc123 gets profile us-standard: no rule matched');
  expect(out).toMatch(/country_code\s+│?\s*US/);
});

test('a store matching a rule gets its profile, and the rule is named', async () => {
  const { code, out } = await assign({ plan_name: 'Enterprise', weight_units: 'Ounces' }, ['--json']);

  expect(code).toBe(0);
  expect(JSON.parse(out)).toMatchObject({
    storeHash: 'abc123',
    profile: 'multi-zone',
    rule: 1,
    reason: expect.stringContaining('rule 1 matched: country US, weightUnit oz, plan Enterprise'),
    facts: { plan_name: 'Enterprise', currency: 'USD' },
  });
});

test('--store is required', async () => {
  sandbox = await startSandbox();
  const err: string[] = [];
  const code = await main(['profiles', 'assign'], {
    out: () => {},
    err: (t) => err.push(t),
    env: {},
    progress: false,
  });
  expect(code).toBe(2);
  expect(err.join('\n')).toContain('--store');
});
