/**
 * The pending-run claim and the uninstall's deregistration are conditional writes: here they run on moto's
 * DynamoDB, so that the one run per burst and the one event per uninstall rest on DynamoDB's semantics, not
 * on the JSON file's single thread.
 */
import { afterAll, beforeAll } from 'vitest';
import { createDynamoPendingRuns } from '../../../lambdas/platform/aws-pending-runs.ts';
import { createDynamoStoreRegistry } from '../../../lambdas/platform/aws-store-registry.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { createRegistryTable } from '../../support/registry-table.ts';
import { describeWebhookBurstContract } from './contracts/webhook-bursts.contract.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

describeWebhookBurstContract('DynamoDB on moto', async (now) => {
  const table = await createRegistryTable(moto.endpoint);
  return {
    stores: createDynamoStoreRegistry(table),
    pendingRuns: createDynamoPendingRuns({ ...table, now }),
  };
});
