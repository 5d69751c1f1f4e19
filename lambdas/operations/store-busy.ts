/** Whether a verify may read the store now: ResolveZones and Verify both ask, before (and after) reading. */
import type { Deps } from '../platform/ports.ts';
import { StoreBusy } from './errors.ts';

/**
 * A verify reads the store only while no apply holds it: an apply half done would read as drift. Checked
 * wherever a verify reads (here and in Verify); StoreBusy makes the state machine wait and try again.
 */
export async function waitForNoApply(deps: Deps, storeHash: string, executionId: string): Promise<void> {
  const holder = await deps.leases.holder(storeHash);
  if (holder !== undefined && holder.executionId !== executionId) throw new StoreBusy(storeHash, holder);
}
