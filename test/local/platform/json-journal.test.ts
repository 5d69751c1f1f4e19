import { openJsonRegistry } from '../../../local/platform/json-registry.ts';
import { describeJournalContract } from '../../lambdas/platform/contracts/journal.contract.ts';

describeJournalContract('JsonJournal', async () => openJsonRegistry().journal);
