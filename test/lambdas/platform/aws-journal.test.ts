import { afterAll, beforeAll } from 'vitest';
import { createDynamoJournal } from '../../../lambdas/platform/aws-journal.ts';
import { type Moto, startMoto } from '../../support/moto.ts';
import { createRegistryTable } from '../../support/registry-table.ts';
import { describeJournalContract } from './contracts/journal.contract.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
});
afterAll(() => moto?.stop());

describeJournalContract('DynamoDB journal on moto', async () =>
  createDynamoJournal(await createRegistryTable(moto.endpoint)),
);
