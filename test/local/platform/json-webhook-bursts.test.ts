import { openJsonRegistry } from '../../../local/platform/json-registry.ts';
import { describeWebhookBurstContract } from '../../lambdas/platform/contracts/webhook-bursts.contract.ts';

describeWebhookBurstContract('the JSON registry', async (now) => {
  const { stores, pendingRuns } = openJsonRegistry(undefined, { now });
  return { stores, pendingRuns };
});
