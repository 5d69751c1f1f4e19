/**
 * Resumable rollback under faults: a run forced to fail at its last zone, with about 12 % of requests failing
 * during the apply and the rollback alike, ends with the store exactly as it was, from the state machine's own
 * retries, and with one journal entry per change. `npm run bench:faults` runs the same scenario 50 times.
 */
import { expect, inject, it } from 'vitest';
import { rollbackUnderFaults } from '../../bench/rollback-under-faults.ts';

const SEEDS = Array.from({ length: 10 }, (_, index) => index + 1);

it(`restores the store exactly in ${SEEDS.length} of ${SEEDS.length} fault schedules, with no duplicate journal entry`, {
  timeout: 60_000,
}, async () => {
  const asl = structuredClone(inject('onboardAsl'));
  const failures: string[] = [];
  let duplicates = 0;
  for (const seed of SEEDS) {
    const result = await rollbackUnderFaults(seed, asl);
    if (!result.restored) failures.push(`seed ${seed}: ${result.detail}`);
    duplicates += result.duplicates;
    // Every change was journalled, so there was something to restore: the run had changed the store.
    expect(result.entries).toBeGreaterThan(0);
  }
  expect(failures).toEqual([]);
  expect(duplicates).toBe(0);
});
