/**
 * `cdk synth` as an operator runs it: the pinned CLI, offline, with no AWS credentials and no Docker. The
 * state machine it writes is the one the local runner executes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extractStateMachineAsl } from '../../lib/asl.ts';
import { synthesizeLocalAsl } from '../../local/runner.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'bcship-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The environment without anything that could reach an AWS account, and with the CLI's own network calls
 * (version check, notices, telemetry) turned off: tests stay on this machine. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) env[key] = value;
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(outdir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(outdir, 'no-credentials'),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
  };
}

describe('npx cdk synth', () => {
  it('synthesizes offline without credentials or Docker, and its state machine is what the local runner runs', async () => {
    const { stderr } = await run(
      'node_modules/.bin/cdk',
      ['synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', outdir],
      { env: offlineEnv(), timeout: 240_000, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stderr).not.toMatch(/docker/i);

    const template = JSON.parse(readFileSync(join(outdir, 'Bcship.template.json'), 'utf8'));
    const deployed = extractStateMachineAsl(template);
    const local = synthesizeLocalAsl();

    expect(local.definition).toEqual(deployed.definition);
    expect(local.tasks).toEqual(deployed.tasks);
  }, 300_000);
});
