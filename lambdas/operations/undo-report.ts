/**
 * What a rollback has left in a store, as an operator reads it: each journalled change not yet undone, newest
 * first (the order a rollback undoes them in), and the command that finishes the job. RecordFailure puts it in
 * the run record and the failure's cause; `bcship rollback` prints it after a re-run.
 */
import type { JournalPort, NotUndoneChange, UndoEntry } from '../platform/ports.ts';

const zoneOf = (entry: { zoneId: number; zoneName: string }) => `zone ${entry.zoneName} #${entry.zoneId}`;
const methodOf = (body: Record<string, unknown>) => `${String(body.name)} (${String(body.type)})`;

export function describeUndoEntry(entry: UndoEntry): string {
  switch (entry.kind) {
    case 'delete-created':
      return `delete method ${entry.name} (${entry.type}) created in ${zoneOf(entry)}`;
    case 'restore-updated':
      return `restore method ${methodOf(entry.body)} #${entry.methodId} in ${zoneOf(entry)}`;
    case 'recreate-deleted':
      return `recreate method ${methodOf(entry.body)} #${entry.methodId} deleted from ${zoneOf(entry)}`;
    case 'disconnect-connected':
      return `disconnect carrier ${entry.carrierId}`;
    case 'delete-created-zone':
      return `delete zone ${entry.name} (${entry.type}) created by the run`;
    case 'restore-updated-zone':
      return `restore zone ${String(entry.body.name)} #${entry.zoneId}`;
    case 'recreate-deleted-zone':
      return `recreate zone ${String(entry.body.name)} #${entry.zoneId} and its ${entry.methods.length} method(s)`;
    case 'delete-cart':
    case 'cart-deleted':
      return `${entry.kind} ${entry.cartId}`;
  }
}

/** The execution's journalled changes no rollback has undone, newest first. */
export async function changesNotUndone(
  journal: JournalPort,
  storeHash: string,
  executionId: string,
): Promise<NotUndoneChange[]> {
  const records = await journal.read(storeHash, executionId);
  return records
    .filter((record) => !record.undone)
    .reverse()
    .map(({ entry }) => ({ kind: entry.kind, description: describeUndoEntry(entry) }));
}

/**
 * The command that re-runs an execution's rollback from where it stopped; against the deployed stack when the
 * run was read from it (`--aws`, and its table when one was named).
 */
export const rollbackCommand = (
  storeHash: string,
  executionId: string,
  deployed: { aws?: boolean | undefined; table?: string | undefined } = {},
): string =>
  [
    `bcship rollback --store ${storeHash} --execution ${executionId}`,
    ...(deployed.aws ? ['--aws'] : []),
    ...(deployed.aws && deployed.table ? [`--table ${deployed.table}`] : []),
  ].join(' ');

/**
 * The most changes a failure's cause lists: the cause ends up in the Fail state (Step Functions keeps at most
 * 32,768 characters of it) and in the run record; `bcship rollback` prints every change that is left.
 */
const LISTED_IN_CAUSE = 20;

/** Lines for a person: what is still in the store and how to finish undoing it. */
export function notUndoneReport(
  storeHash: string,
  executionId: string,
  notUndone: NotUndoneChange[],
): string {
  if (notUndone.length === 0) return 'Nothing is left to undo.';
  const unlisted = notUndone.length - LISTED_IN_CAUSE;
  return [
    `Not undone (${notUndone.length}), newest first:`,
    ...notUndone.slice(0, LISTED_IN_CAUSE).map((change) => `  - ${change.description}`),
    ...(unlisted > 0 ? [`  … and ${unlisted} more, which bcship rollback lists`] : []),
    `Finish the rollback with: ${rollbackCommand(storeHash, executionId)}`,
  ].join('\n');
}
