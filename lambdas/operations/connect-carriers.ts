/**
 * ConnectCarriers: connects each carrier still to connect with its fields from the secret store. BigCommerce
 * does not document what connecting an already-connected carrier does (REFERENCE §6 pitfall 3), so a refused
 * POST is followed by a PUT, which updates the connection.
 *
 * Only a new connection (an accepted POST) is journalled for rollback, and only after BigCommerce accepted it,
 * unlike the write-ahead method entries: BigCommerce has no GET for connections, so before the POST nothing
 * tells a new connection from an existing one, and a write-ahead entry would make a rollback disconnect a
 * carrier that was connected before the run whenever the POST is refused. The price is that a POST whose
 * response was lost is retried as POST-refused-then-PUT and is not undone. A PUT journals nothing either: the
 * credentials it replaced are unknown, so it cannot be reverted.
 */
import { BigCommerceRejected } from '../bigcommerce/errors.ts';
import type { Deps } from '../platform/ports.ts';
import type { PlanAction } from '../shipping/types.ts';
import type { RunState, StepResult, TaskInput } from '../workflow-contract.ts';
import { CarrierConnectionFailed } from './errors.ts';
import { RunStateTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';

async function run(input: TaskInput<RunState>, deps: Deps): Promise<StepResult> {
  const { storeHash, mode, carriers } = input.state;
  const actions: PlanAction[] = [];
  if (carriers.length === 0 || mode === 'verify') return { actions };

  const client = mode === 'apply' ? await deps.bigcommerce(storeHash) : undefined;
  for (const carrierId of carriers) {
    // Read in plan mode too: a missing secret is reported by the plan, not discovered by the apply.
    const connection = await deps.secrets.getCarrierConnection(storeHash, carrierId);
    if (client !== undefined) {
      const made = await connect(carrierId, {
        post: () => client.connectCarrier(carrierId, connection),
        put: () => client.updateCarrierConnection(carrierId, connection),
      });
      if (made === 'connected') {
        await deps.journal.append(storeHash, input.executionId, [
          { kind: 'disconnect-connected', carrierId },
        ]);
      }
      await deps.stores.markCarriersConnected(storeHash, [carrierId]);
    }
    actions.push({ kind: 'connect-carrier', carrierId });
  }
  return { actions };
}

/** `connected` when the POST made a new connection, `updated` when the PUT replaced an existing one. */
async function connect(
  carrierId: string,
  send: { post: () => Promise<unknown>; put: () => Promise<unknown> },
): Promise<'connected' | 'updated'> {
  let postRefusal: BigCommerceRejected;
  try {
    await send.post();
    return 'connected';
  } catch (error) {
    // Anything but a refusal (rate limit, outage, bad token) is not about the connection: let it surface.
    if (!(error instanceof BigCommerceRejected)) throw error;
    postRefusal = error;
  }
  try {
    await send.put();
    return 'updated';
  } catch (error) {
    if (!(error instanceof BigCommerceRejected)) throw error;
    // The client has already masked the connection's values in BigCommerce's messages.
    const reason = `BigCommerce refused connecting (${postRefusal.message}) and updating (${error.message})`;
    throw new CarrierConnectionFailed(carrierId, reason);
  }
}

export const connectCarriers = defineOperation({
  name: 'connect-carriers',
  input: RunStateTaskInputSchema,
  timeoutSeconds: 60,
  // Store secrets include the store-specific carrier secrets, which win over the shared ones.
  uses: { storeSecrets: true, carrierSecrets: true, bigcommerce: true, registry: 'write' },
  run,
  report: ({ actions }) => ({
    counts: { CarriersConnected: actions.length },
    summary: { carriers: actions.map((a) => (a.kind === 'connect-carrier' ? a.carrierId : a.kind)) },
  }),
});
