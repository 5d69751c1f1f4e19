/**
 * ConnectCarriers: connects each carrier still to connect with its fields from the secret store. BigCommerce
 * cannot read a connection back (there is no GET), and a POST for an already-connected carrier may be refused
 * or may answer 204 and replace the fields (REFERENCE §1.5): its answer does not say whether the carrier was
 * connected before. A PUT does: it updates an existing connection and is refused when there is none. So each
 * carrier is PUT first: accepted, it was connected before the run, and the update is never undone (the
 * credentials it replaced are unknown); refused, it was not, and a POST connects it.
 *
 * Only a new connection (a refused PUT, then an accepted POST) is journalled for rollback, and only after
 * BigCommerce accepted it: a rollback never disconnects a carrier that was connected before the run. The
 * price is that a POST whose response was lost is retried as an accepted PUT and is not undone.
 */
import { BigCommerceNotFound, BigCommerceRejected } from '../bigcommerce/errors.ts';
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

/** A refusal about the connection itself; anything else (rate limit, outage, bad token) must surface. */
const isRefusal = (error: unknown): error is BigCommerceRejected | BigCommerceNotFound =>
  error instanceof BigCommerceRejected || error instanceof BigCommerceNotFound;

/** `updated` when the PUT replaced an existing connection, `connected` when the POST made a new one. */
async function connect(
  carrierId: string,
  send: { post: () => Promise<unknown>; put: () => Promise<unknown> },
): Promise<'connected' | 'updated'> {
  let putRefusal: BigCommerceRejected | BigCommerceNotFound;
  try {
    await send.put();
    return 'updated';
  } catch (error) {
    if (!isRefusal(error)) throw error;
    putRefusal = error;
  }
  try {
    await send.post();
    return 'connected';
  } catch (error) {
    if (!isRefusal(error)) throw error;
    // The client has already masked the connection's values in BigCommerce's messages.
    const reason = `BigCommerce refused updating (${putRefusal.message}) and connecting (${error.message})`;
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
