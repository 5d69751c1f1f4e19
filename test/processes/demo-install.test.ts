/**
 * `bcship demo --install` as a process, as on a fresh clone: it must exit 0 and show each step of a store's
 * life with the app, the store ending configured, verified, then deregistered.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';

let home: string | undefined;
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

test('demo --install exits 0 and shows install, token, profile, onboarding, load page and uninstall', {
  timeout: 120_000,
}, () => {
  home = mkdtempSync(join(tmpdir(), 'bcship-demo-install-'));

  const result = spawnSync(process.execPath, ['bin/bcship.ts', 'demo', '--install', '--home', home], {
    encoding: 'utf8',
    timeout: 110_000,
  });

  expect(result.status, result.stderr).toBe(0);
  const steps = result.stdout.split('\n').filter((line) => /^[✔✖] /.test(line));
  expect(steps.map((line) => line.split(':')[0])).toEqual([
    '✔ install',
    '✔ token stored',
    '✔ profile assigned by profiles/assignments.yaml',
    '✔ onboarded and verified',
    '✔ load',
    '✔ uninstall',
  ]);
  expect(result.stdout).toContain('store sandbox → us-standard');
  expect(result.stdout).toMatch(/install-[0-9a-f]{16}: 3 change\(s\), verified/);
  expect(result.stdout).toContain('Outcome | succeeded');
  expect(result.stdout).toContain('store deregistered');
  expect(result.stdout).toContain('1 bcship.store.uninstalled event(s); token disabled');
});
