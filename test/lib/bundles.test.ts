/**
 * What each deployed bundle loads: the AWS SDK clients of the ports its operation uses, and only when a port
 * is first used (a static import would load the SDK with the module, on every cold start); the Standard
 * Webhooks crypto in the receiver alone; no X-Ray SDK.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { operationNamed } from '../../lambdas/operations/index.ts';
import type { AnyOperation } from '../../lambdas/operations/operation.ts';
import { deployedFunctions } from '../e2e/support/deployed-app.ts';
import { defaultApp } from './synth.ts';

const { json, assemblyDir } = defaultApp();
const bundles = deployedFunctions(json, assemblyDir).map((fn) => ({
  operation: operationNamed(fn.operation),
  source: fs.readFileSync(path.join(fn.assetDir, 'index.mjs'), 'utf8'),
}));

/** The SDK modules an operation's ports need, from its `uses`. */
function sdkModulesOf({ uses }: AnyOperation): string[] {
  const modules = new Set<string>();
  if (uses.registry) modules.add('@aws-sdk/client-dynamodb').add('@aws-sdk/lib-dynamodb');
  if (
    uses.storeSecrets ||
    uses.carrierSecrets ||
    uses.webhookSecret ||
    uses.appSecret ||
    uses.storeTokenWrites
  )
    modules.add('@aws-sdk/client-secrets-manager');
  if (uses.events) modules.add('@aws-sdk/client-eventbridge');
  if (uses.artifacts) modules.add('@aws-sdk/client-s3');
  if (uses.startExecutions || uses.startReconcileRuns) modules.add('@aws-sdk/client-sfn');
  if (uses.reconcileQueue) modules.add('@aws-sdk/client-sqs');
  return [...modules].sort();
}

describe.each(bundles.map((bundle) => [bundle.operation.name, bundle] as const))(
  'the %s bundle',
  (_, bundle) => {
    test('imports exactly the SDK clients of the ports it uses, each on first use', () => {
      const dynamic = [...bundle.source.matchAll(/import\("(@aws-sdk\/[^"]+)"\)/g)].map((match) => match[1]);
      expect([...new Set(dynamic)].sort()).toEqual(sdkModulesOf(bundle.operation));
      expect(bundle.source).not.toMatch(/(from|import)\s*"@aws-sdk\//);
    });

    test('carries the assignment rules’ schema only if it assigns profiles to new stores', () => {
      expect(bundle.source.includes('must state at least one condition')).toBe(
        Boolean(bundle.operation.uses.assignments),
      );
    });

    test('carries the webhook signature crypto only if it receives webhooks, and no X-Ray SDK', () => {
      expect(bundle.source.includes('webhook-signature')).toBe(Boolean(bundle.operation.uses.webhookSecret));
      expect(bundle.source).not.toContain('aws-xray-sdk');
    });
  },
);
