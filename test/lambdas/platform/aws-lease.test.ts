import { afterAll, beforeAll } from 'vitest';
import { createDynamoLease } from '../../../lambdas/platform/aws-lease.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { createRegistryTable } from '../../support/registry-table.ts';
import { describeLeaseContract } from './contracts/lease.contract.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

describeLeaseContract('DynamoDB lease on moto', async (now) =>
  createDynamoLease({ ...(await createRegistryTable(moto.endpoint)), now }),
);
