import { MemoryEvents } from '../../../local/platform/memory-events.ts';
import { describeEventsContract } from '../../lambdas/platform/contracts/events.contract.ts';

describeEventsContract('MemoryEvents', async () => {
  const events = new MemoryEvents();
  return { events, received: async () => events.published };
});
