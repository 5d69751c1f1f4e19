/** `bcship status`: the last result per store, from the local registry or (--aws) the deployed table. */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { rollbackCommand } from '../lambdas/operations/undo-report.ts';
import { createDocumentClient, type RegistryTable } from '../lambdas/platform/aws-document-client.ts';
import { createDynamoStoreRegistry } from '../lambdas/platform/aws-store-registry.ts';
import { runCounts, type StoreEntry, type StoreRegistryPort } from '../lambdas/platform/ports.ts';
import { openJsonRegistry } from '../local/platform/json-registry.ts';
import type { CliIO } from './report.ts';
import { EXIT, UsageError } from './run.ts';

export interface StatusOptions {
  store?: string;
  home: string;
  aws?: boolean;
  table?: string;
  json?: boolean;
}

export async function status(options: StatusOptions, io: CliIO): Promise<number> {
  const registry = await statusRegistry(options, io);
  const stores = options.store
    ? [await registry.getStore(options.store)].filter((s): s is StoreEntry => s !== undefined)
    : await registry.listStores();
  if (options.json) {
    io.out(JSON.stringify(stores, null, 2));
    return EXIT.ok;
  }
  if (stores.length === 0) {
    io.out(options.store ? `store ${options.store} is not registered` : 'no stores registered yet');
    return options.store ? EXIT.badInput : EXIT.ok;
  }
  for (const store of stores) {
    const last = store.lastRun;
    io.out(
      `${store.storeHash}  profile ${store.profileName}  ` +
        (last
          ? `last ${last.mode} ${last.outcome} at ${last.finishedAt} (${runCounts(last).changes} change(s), ${runCounts(last).mismatches} mismatch(es))`
          : 'never run'),
    );
    const left = last?.notUndone?.length ?? 0;
    if (last && left > 0) {
      io.out(
        `  ${left} change(s) not undone; finish with: ${rollbackCommand(store.storeHash, last.executionId, options)}`,
      );
    }
  }
  return EXIT.ok;
}

async function statusRegistry(options: StatusOptions, io: CliIO): Promise<StoreRegistryPort> {
  if (!options.aws) return openJsonRegistry(join(options.home, 'registry.json')).stores;
  return createDynamoStoreRegistry(await deployedRegistryTable(options, io));
}

/** The deployed registry table (`--table` or BCSHIP_TABLE_NAME), through the usual AWS credential chain. */
export async function deployedRegistryTable(
  options: { table?: string | undefined },
  io: CliIO,
): Promise<RegistryTable> {
  const tableName = options.table ?? io.env.BCSHIP_TABLE_NAME;
  if (!tableName) throw new UsageError('--aws needs --table (or BCSHIP_TABLE_NAME; see the stack outputs)');
  return { tableName, client: await createDocumentClient(new DynamoDBClient({})) };
}
