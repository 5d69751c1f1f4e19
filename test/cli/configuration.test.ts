/**
 * Configuration is checked before a run: a bad API URL, secrets file, home folder or profile path is exit 2
 * naming the setting, before any request. A refused connection fails at once, naming the host.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { RETRYABLE_BIGCOMMERCE_ERRORS } from '../../lambdas/bigcommerce/errors.ts';
import { TERMINAL_ERRORS } from '../../lib/retry-policies.ts';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'bcship-config-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { BC_STORE_HASH: 'abc123', BC_ACCESS_TOKEN: 'token', ...env },
    progress: false,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const plan = (...extra: string[]) => ['plan', '--store', 'abc123', '--profile', 'flat-rate', ...extra];

describe('configuration checked before the run', () => {
  it('refuses an API URL that is not a URL, naming BC_API_URL, exit 2', async () => {
    const result = await cli(plan('--home', home), { BC_API_URL: 'not-a-url' });

    expect(result.code).toBe(2);
    expect(result.err).toContain('bcship: BC_API_URL: not an absolute URL');
  });

  it('names --api-url when the URL came from the option', async () => {
    const result = await cli(plan('--home', home, '--api-url', 'ftp://example.com/v2'));

    expect(result.code).toBe(2);
    expect(result.err).toContain('--api-url: must be an http(s) URL');
  });

  it('refuses a home folder that is a file, naming --home', async () => {
    const file = join(home, 'not-a-folder');
    writeFileSync(file, 'x');

    const result = await cli(plan('--home', file));

    expect(result.code).toBe(2);
    expect(result.err).toContain(`--home: ${file} is a file, not a folder`);
  });

  it('refuses a secrets file that is a folder, and one that is not JSON, naming --secrets', async () => {
    const folder = join(home, 'secrets-folder');
    mkdirSync(folder);
    const broken = join(home, 'broken.json');
    writeFileSync(broken, '{ "bcship/stores/abc123": ');

    const asFolder = await cli(plan('--home', home, '--secrets', folder));
    const asBroken = await cli(plan('--home', home, '--secrets', broken));

    expect(asFolder.code).toBe(2);
    expect(asFolder.err).toContain(`--secrets: ${folder} is a folder, not a file`);
    expect(asBroken.code).toBe(2);
    expect(asBroken.err).toMatch(/--secrets: Secrets file .*broken\.json is not valid JSON/);
  });

  it('names BCSHIP_SECRETS_FILE when the path came from the environment', async () => {
    const result = await cli(plan('--home', home), { BCSHIP_SECRETS_FILE: home });

    expect(result.code).toBe(2);
    expect(result.err).toContain(`BCSHIP_SECRETS_FILE (or --secrets): ${home} is a folder`);
  });

  it('refuses a profile path that is a folder, naming --profile', async () => {
    const folder = join(home, 'profile.yaml');
    mkdirSync(folder);

    const result = await cli(['plan', '--store', 'abc123', '--profile', folder, '--home', home]);

    expect(result.code).toBe(2);
    expect(result.err).toContain(`--profile: ${folder} is a folder, not a file`);
  });
});

describe('a store nobody answers for', () => {
  it('fails at once on a refused connection, naming the host, instead of retrying', async () => {
    const port = await closedPort();

    const result = await cli(plan('--home', home), {
      BC_API_URL: `http://127.0.0.1:${port}/stores/{storeHash}/v2`,
    });

    expect(result.code).toBe(1);
    expect(result.err).toContain(`BigCommerceUnreachable: GET /store: cannot connect to 127.0.0.1:${port}`);
    // Terminal: no Retry of the state machine matches it (test/lib/onboard-state-machine.test.ts checks them all).
    expect(TERMINAL_ERRORS).toContain('BigCommerceUnreachable');
    expect(RETRYABLE_BIGCOMMERCE_ERRORS).not.toContain('BigCommerceUnreachable');
  });
});
