/**
 * `bcship unlock`: an operator sees who holds a store's lease and since when, and releases it, after saying
 * yes or with --yes; locally and in the deployed registry table (on moto).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/report.ts';
import { createDynamoLease } from '../../lambdas/platform/aws-lease.ts';
import { openJsonRegistry } from '../../local/platform/json-registry.ts';
import { motoInEnvironment } from '../support/moto.ts';
import { createRegistryTable } from '../support/registry-table.ts';

let home: string;
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

async function unlock(args: string[], io: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['unlock', ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {},
    progress: false,
    ...io,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A local registry whose store abc123 is held by execution `stuck-run`; returns how to read its holder. */
async function lockedLocally() {
  home = mkdtempSync(join(tmpdir(), 'bcship-unlock-'));
  const registry = openJsonRegistry(join(home, 'registry.json'));
  await registry.leases.acquire('abc123', 'stuck-run', 7800);
  return () => openJsonRegistry(join(home, 'registry.json')).leases.holder('abc123');
}

describe('bcship unlock (local)', () => {
  it('names the holder and since when, and releases the lease with --yes', async () => {
    const holder = await lockedLocally();
    const since = (await holder())!.since;

    const result = await unlock(['--store', 'ABC123', '--home', home, '--yes']);

    expect(result.code).toBe(0);
    expect(result.out).toContain(`locked by execution stuck-run, since ${since}`);
    expect(result.out).toContain('Released');
    expect(await holder()).toBeUndefined();
  });

  it('asks on a terminal and releases only on "yes"', async () => {
    const holder = await lockedLocally();
    const questions: string[] = [];
    const answering = (answer: string): Partial<CliIO> => ({
      interactive: true,
      ask: async (question) => {
        questions.push(question);
        return answer;
      },
    });

    const declined = await unlock(['--store', 'abc123', '--home', home], answering('no'));
    expect(declined.code).toBe(1);
    expect((await holder())?.executionId).toBe('stuck-run');

    const accepted = await unlock(['--store', 'abc123', '--home', home], answering('yes'));
    expect(accepted.code).toBe(0);
    expect(questions).toHaveLength(2);
    expect(await holder()).toBeUndefined();
  });

  it('refuses without --yes where nobody can answer, exit 2, and keeps the lease', async () => {
    const holder = await lockedLocally();

    const result = await unlock(['--store', 'abc123', '--home', home]);

    expect(result.code).toBe(2);
    expect(result.err).toContain('--yes');
    expect((await holder())?.executionId).toBe('stuck-run');
  });

  it('says a free store is not locked', async () => {
    home = mkdtempSync(join(tmpdir(), 'bcship-unlock-'));

    const result = await unlock(['--store', 'abc123', '--home', home, '--yes']);

    expect(result.code).toBe(0);
    expect(result.out).toContain('is not locked');
  });
});

describe('bcship unlock --aws', () => {
  const moto = motoInEnvironment();

  it('releases the lease in the deployed registry table', async () => {
    const table = await createRegistryTable(moto().endpoint);
    const leases = createDynamoLease(table);
    await leases.acquire('abc123', 'stuck-run', 7800);

    const result = await unlock(['--store', 'abc123', '--aws', '--table', table.tableName, '--yes']);

    expect(result.code).toBe(0);
    expect(result.out).toContain('locked by execution stuck-run');
    expect(await leases.holder('abc123')).toBeUndefined();
  });
});
