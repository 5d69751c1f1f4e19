/**
 * ApplyZones iteration: brings one zone's methods in line with the profile. Each write is journalled before
 * it is sent (write-ahead), so a write whose response is lost can still be undone. The iteration is safe to
 * re-run: it re-lists and re-plans, so a create that reached BigCommerce is found and not sent twice.
 *
 * The zone's desired methods come from the run's `resolved` artifact (the iteration's input names the zone
 * only); its changes go to the zone's artifact, and the state gets their count.
 */
import type { ShippingClient } from '../bigcommerce/client.ts';
import type { Deps, UndoEntry } from '../platform/ports.ts';
import { planZoneChanges, toRequestBody, toRestoreBody } from '../shipping/index.ts';
import type { MethodAction, ResolvedZone } from '../shipping/types.ts';
import {
  RUN_ARTIFACT,
  type StepResult,
  type ZoneOutcome,
  type ZoneRef,
  type ZoneResult,
  type ZoneTaskInput,
} from '../workflow-contract.ts';
import { ZoneTaskInputSchema } from './input.ts';
import { defineOperation } from './operation.ts';
import { readResolvedRun } from './run-artifacts.ts';
import { observeZoneMethods } from './zone-methods.ts';

async function run(input: ZoneTaskInput, deps: Deps): Promise<ZoneOutcome> {
  const { executionId, mode, index } = input;
  // Verify only reads; its comparison is the Verify task's job.
  if (mode === 'verify') return outcomeOf(input.zone, { actions: [] });
  const zone = (await readResolvedRun(deps.artifacts, executionId)).zones[index];
  if (!zone || zone.zoneId !== input.zone.zoneId || zone.zoneName !== input.zone.zoneName) {
    throw new Error(`Run ${executionId} resolved no zone ${input.zone.zoneName} at position ${index}`);
  }
  const result = await applyZone(zone, input, deps);
  // The changes themselves (an update carries the method as it was) go beside the state, not into it.
  if (result.actions.length > 0 || (result.warnings ?? []).length > 0) {
    await deps.artifacts.put(executionId, RUN_ARTIFACT.zone(index), result);
  }
  return outcomeOf(input.zone, result);
}

/** What the state keeps of a zone's iteration. `failed: false` marks one that ended here (see Check zones). */
const outcomeOf = (zone: ZoneRef, result: StepResult): ZoneOutcome => ({
  zoneId: zone.zoneId,
  zoneName: zone.zoneName,
  failed: false,
  changes: result.actions.length,
  warnings: result.warnings?.length ?? 0,
});

async function applyZone(zone: ResolvedZone, input: ZoneTaskInput, deps: Deps): Promise<ZoneResult> {
  const { storeHash, executionId, mode, prune } = input;
  const result: ZoneResult = { zoneId: zone.zoneId, zoneName: zone.zoneName, actions: [] };
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

export const applyZoneMethods = defineOperation({
  name: 'apply-zone-methods',
  input: ZoneTaskInputSchema,
  // A paced store (rate limited, waiting out `X-Rate-Limit-Time-Reset-Ms`) is slow, not broken.
  timeoutSeconds: 300,
  uses: { storeSecrets: true, bigcommerce: true, registry: 'write', artifacts: 'read-write' },
  run,
  report: ({ zoneId, zoneName, changes }) => ({
    counts: { MethodsChanged: changes },
    summary: { zoneId, zoneName, changes },
  }),
});
