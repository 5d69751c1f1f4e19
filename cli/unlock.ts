/**
 * `bcship unlock --store H`: releases a store's lease, locally or (--aws) in the deployed registry table. For
 * when the execution holding it is gone without giving it back (a killed process, an execution whose end went
 * unrecorded) and waiting for it to lapse is not an option. It names the holder and since when, and asks
 * first: releasing the lease of a run that is still applying lets another run change the store at once.
 */
import { join } from 'node:path';
import { createDynamoLease } from '../lambdas/platform/aws-lease.ts';
import type { LeasePort } from '../lambdas/platform/ports.ts';
import { storeHashOf } from '../lambdas/workflow-contract.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import type { CliIO } from './report.ts';
import { EXIT, UsageError } from './run.ts';
import { deployedRegistryTable } from './status.ts';

export interface UnlockOptions {
  store?: string;
  home: string;
  aws?: boolean;
  table?: string;
  yes?: boolean;
}

export async function unlock(options: UnlockOptions, io: CliIO): Promise<number> {
  const storeHash = storeHashOf(options.store ?? io.env.BC_STORE_HASH);
  if (!storeHash) throw new UsageError('--store: a store hash (letters and digits) is required');
  const leases = await leaseRegistry(options, io);
  const holder = await leases.holder(storeHash);
  if (holder === undefined) {
    io.out(`Store ${storeHash} is not locked: no execution holds its lease.`);
    return EXIT.ok;
  }
  io.out(`Store ${storeHash} is locked by execution ${holder.executionId}, since ${holder.since}.`);
  if (!options.yes) {
    if (!io.interactive || !io.ask) {
      throw new UsageError('unlock asks before releasing a lease; pass --yes where nobody can answer');
    }
    const answer = await io.ask(
      'Release it? A run still applying would then share the store. Only "yes" is accepted: ',
    );
    if (answer.trim() !== 'yes') {
      io.out('Left locked.');
      return EXIT.failed;
    }
  }
  // Released only if that execution still holds it: a lease another run took in the meantime stays.
  await leases.release(storeHash, holder.executionId);
  const after = await leases.holder(storeHash);
  if (after !== undefined) {
    io.err(`Store ${storeHash} is now held by execution ${after.executionId}; it was left alone.`);
    return EXIT.failed;
  }
  io.out(`Released: store ${storeHash} is free for the next run.`);
  return EXIT.ok;
}

async function leaseRegistry(options: UnlockOptions, io: CliIO): Promise<LeasePort> {
  if (!options.aws) return openJsonRegistry(join(options.home, 'registry.json')).leases;
  return createDynamoLease(await deployedRegistryTable(options, io));
}
