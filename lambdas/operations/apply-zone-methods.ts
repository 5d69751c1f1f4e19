/**
 * ApplyZones iteration: brings one zone's methods in line with the profile. Each write is journalled before
 * it is sent (write-ahead), so a write whose response is lost can still be undone. The iteration is safe to
 * re-run: it re-lists and re-plans, so a create that reached BigCommerce is found and not sent twice.
 */
import type { ShippingClient } from '../bigcommerce/client.ts';
import type { Deps, UndoEntry } from '../platform/ports.ts';
import { planZoneChanges, toRequestBody, toRestoreBody } from '../shipping/index.ts';
import type { MethodAction, PlanAction } from '../shipping/types.ts';
import type { ZoneResult, ZoneTaskInput } from '../workflow-contract.ts';
import { ZoneTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { observeZoneMethods } from './zone-methods.ts';

async function run(input: ZoneTaskInput, deps: Deps): Promise<ZoneResult> {
  const { storeHash, executionId, mode, prune, zone } = input;
  // `failed: false` marks an iteration that ended here (see the state machine's Check zones).
  const result: ZoneResult = { zoneId: zone.zoneId, zoneName: zone.zoneName, actions: [], failed: false };
  // Verify only reads; its comparison is the Verify task's job.
  if (mode === 'verify') return result;

  const client = await deps.bigcommerce(storeHash);
  const observed = await observeZoneMethods(client, zone, { prune: prune && mode === 'apply' });
  const { actions, warnings } = planZoneChanges(zone, observed, { prune });
  result.warnings = warnings;
  if (mode === 'plan') return { ...result, actions };

  for (const action of actions) {
    await deps.journal.append(storeHash, executionId, [undoEntryFor(action)]);
    await send(client, action);
    result.actions.push(action);
  }
  return result;
}

export function undoEntryFor(action: MethodAction): UndoEntry {
  switch (action.kind) {
    case 'create-method':
      return {
        kind: 'delete-created',
        zoneId: action.zoneId,
        zoneName: action.zoneName,
        type: action.method.type,
        name: action.method.name,
        ...(action.method.channel_ids ? { channel_ids: action.method.channel_ids } : {}),
      };
    case 'update-method':
      return {
        kind: 'restore-updated',
        zoneId: action.zoneId,
        zoneName: action.zoneName,
        methodId: action.methodId,
        body: toRestoreBody(action.previous),
      };
    case 'delete-method':
      return {
        kind: 'recreate-deleted',
        zoneId: action.zoneId,
        zoneName: action.zoneName,
        methodId: action.methodId,
        body: toRestoreBody(action.previous),
      };
  }
}

async function send(client: ShippingClient, action: MethodAction): Promise<void> {
  switch (action.kind) {
    case 'create-method':
      await client.createMethod(action.zoneId, toRequestBody(action.method));
      return;
    case 'update-method':
      // BigCommerce replaces settings with the PUT's: the observed method fills in those the profile leaves out.
      await client.updateMethod(
        action.zoneId,
        action.methodId,
        toRequestBody(action.method, action.previous),
      );
      return;
    case 'delete-method':
      await client.deleteMethod(action.zoneId, action.methodId);
      return;
  }
}

const count = (actions: PlanAction[], kind: PlanAction['kind']) =>
  actions.filter((a) => a.kind === kind).length;

export const applyZoneMethods = defineOperation({
  name: 'apply-zone-methods',
  input: ZoneTaskInputSchema,
  // A paced store (rate limited, waiting out `X-Rate-Limit-Time-Reset-Ms`) is slow, not broken.
  timeoutSeconds: 300,
  uses: { storeSecrets: true, bigcommerce: true, registry: 'write' },
  run,
  report: ({ zoneId, zoneName, actions }) => ({
    counts: {
      MethodsCreated: count(actions, 'create-method'),
      MethodsUpdated: count(actions, 'update-method'),
      MethodsDeleted: count(actions, 'delete-method'),
    },
    summary: { zoneId, zoneName, actions: actions.length },
  }),
});
