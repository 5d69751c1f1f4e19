import * as fs from 'node:fs';
import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../lib/app.ts';
import { PROJECT_ROOT } from '../../lib/settings.ts';
import {
  SKIP_BUNDLING,
  type Synthesized,
  synthesize,
  temporaryDir,
  unacknowledgedFindings,
} from './synth.ts';

// Findings are read from the validation report rather than from the exception synthesis would throw, so a
// failure lists every unacknowledged finding.
const REPORT_ONLY = { '@aws-cdk/core:failSynthOnValidationErrors': false };

// The deployment path: an explicit account and region, as `cdk deploy` with credentials synthesizes it.
// Nothing here reads the function bundles, so they are not built.
let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize(
    { ...SKIP_BUNDLING, ...REPORT_ONLY },
    { env: { account: '111122223333', region: 'eu-west-1' } },
  );
});

afterAll(() => synthesized.cleanup());

describe('createApp', () => {
  it('builds the stack named Bcship', () => {
    expect(synthesized.stack.stackName).toBe('Bcship');
  });

  it('applies the context of cdk.json, as the CLI would', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
    for (const [key, value] of Object.entries(cdkJson.context as Record<string, unknown>)) {
      expect(synthesized.stack.node.tryGetContext(key), key).toEqual(value);
    }
  });

  it('synthesizes with the AwsSolutions and Serverless packs and leaves no finding unacknowledged', () => {
    expect(unacknowledgedFindings(synthesized.assemblyDir)).toEqual([]);
  });

  it('synthesizes without an account or region', () => {
    const agnostic = synthesize({ ...SKIP_BUNDLING, ...REPORT_ONLY });
    try {
      expect(Token.isUnresolved(agnostic.stack.account)).toBe(true);
      expect(Token.isUnresolved(agnostic.stack.region)).toBe(true);
      expect(unacknowledgedFindings(agnostic.assemblyDir)).toEqual([]);
    } finally {
      agnostic.cleanup();
    }
  });

  it('fails synthesis on a finding nobody acknowledged, and reports it', () => {
    const assemblyDir = temporaryDir('bcship-cdk-');
    try {
      const { app, stack } = createApp(SKIP_BUNDLING, { outdir: assemblyDir });
      // No point-in-time recovery: AwsSolutions-DDB3.
      new dynamodb.Table(stack, 'Unprotected', {
        partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      });
      expect(() => app.synth()).toThrow(/AwsSolutions-DDB3/);
      expect(unacknowledgedFindings(assemblyDir)).toEqual([
        expect.objectContaining({
          plugin: 'AwsSolutions',
          rule: 'AwsSolutions-DDB3',
          constructPath: 'Bcship/Unprotected/Resource',
        }),
      ]);
    } finally {
      fs.rmSync(assemblyDir, { recursive: true, force: true });
    }
  });
});
