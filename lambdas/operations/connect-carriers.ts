/**
 * ConnectCarriers: connects each carrier still to connect with its fields from the secret store. BigCommerce
 * cannot read a connection back (there is no GET), and a POST for an already-connected carrier may be refused
 * or may answer 204 and replace the fields (REFERENCE §1.5): its answer does not say whether the carrier was
 * connected before. A PUT does: it updates an existing connection and is refused when there is none. So each
 * carrier is PUT first: accepted, it was connected before the run, and the update is never undone (the
 * credentials it replaced are unknown); refused, it was not, and a POST connects it.
 *
 * Only a new connection is journalled for rollback: a refused PUT says the carrier was not connected before
 * the run, so a rollback never disconnects a carrier that was. It is journalled then, BEFORE the POST is sent
 * (write-ahead, as method writes are): a POST whose response was lost is retried as an accepted PUT, and the
 * entry the first attempt wrote still undoes it. A POST that never landed leaves an entry whose undo finds the
 * carrier not connected, which the rollback takes as already undone. A POST that BigCommerce refused marks its
 * entry undone at once: the PUT's refusal may have been about the fields sent to a connection that exists.
 */
import { BigCommerceNotFound, BigCommerceRejected } from '../bigcommerce/errors.ts';
import type { Deps, UndoEntry } from '../platform/ports.ts';
import { undoEntryKey } from '../platform/undo-entry-key.ts';
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
      const entry: UndoEntry = { kind: 'disconnect-connected', carrierId };
      await connect(carrierId, {
        put: () => client.updateCarrierConnection(carrierId, connection),
        journal: () => deps.journal.append(storeHash, input.executionId, [entry]),
        post: () => client.connectCarrier(carrierId, connection),
        nothingToUndo: () => deps.journal.markUndone(storeHash, input.executionId, undoEntryKey(entry)),
      });
      await deps.stores.markCarriersConnected(storeHash, [carrierId]);
    }
    actions.push({ kind: 'connect-carrier', carrierId });
  }
  return { actions };
}

/** A refusal about the connection itself; anything else (rate limit, outage, bad token) must surface. */
const isRefusal = (error: unknown): error is BigCommerceRejected | BigCommerceNotFound =>
  error instanceof BigCommerceRejected || error instanceof BigCommerceNotFound;

/**
 * PUT, which updates an existing connection; refused, the carrier was not connected: journal, then POST. A
 * POST refused too connected nothing, and its entry is marked undone: the PUT may have been refused for the
 * fields it sent rather than for a missing connection, and a rollback must leave a connection it did not make.
 */
async function connect(
  carrierId: string,
  send: {
    put: () => Promise<unknown>;
    journal: () => Promise<void>;
    post: () => Promise<unknown>;
    nothingToUndo: () => Promise<void>;
  },
): Promise<void> {
  let putRefusal: BigCommerceRejected | BigCommerceNotFound;
  try {
    await send.put();
    return;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    putRefusal = error;
  }
  await send.journal();
  try {
    await send.post();
  } catch (error) {
    if (!isRefusal(error)) throw error;
    await send.nothingToUndo();
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
