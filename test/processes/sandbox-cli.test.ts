import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';

const cli = new URL('../../sandbox/cli.ts', import.meta.url).pathname;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Collects the child's stdout until a line matches, and returns the match. */
function waitForLine(process: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    process.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    process.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    });
    process.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${errors}`)));
  });
}

describe('sandbox CLI', () => {
  it('prints the base URL and token of a free port and serves the default zones until SIGTERM', async () => {
    child = spawn(process.execPath, [cli, '--port', '0'], { stdio: 'pipe' });
    const [, baseUrl, token] = await waitForLine(child, /base URL (\S+) token (\S+)/);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/stores\/sandbox\/v2$/);
    expect(baseUrl).not.toContain(':0/');

    const response = await fetch(`${baseUrl}/shipping/zones`, { headers: { 'X-Auth-Token': token ?? '' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }[]).map((zone) => zone.name)).toEqual([
      'United States',
      'Canada',
      'Rest of World',
    ]);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('prints a ready-to-paste curl line', async () => {
    child = spawn(process.execPath, [cli, '--port', '0'], { stdio: 'pipe' });
    const [line] = await waitForLine(child, /curl -H 'X-Auth-Token: sandbox-token' \S+\/shipping\/zones/);
    expect(line).toContain('/stores/sandbox/v2/shipping/zones');
  });

  it('exits with a clear message for a bad option value', async () => {
    child = spawn(process.execPath, [cli, '--port', '0', '--quota', 'many'], { stdio: 'pipe' });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toContain("--quota must be an integer >= 1, got 'many'");
  });
});
