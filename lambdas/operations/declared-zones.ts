/**
 * Zones as code, in ResolveZones: the zones a profile declares are created or updated, and with `pruneZones`
 * the zones it neither selects nor declares are deleted, before any method is planned. Each write is journalled
 * first, as method writes are, so a rollback can undo it. A plan computes the same actions and sends nothing.
 */
import type { ShippingClient } from '../bigcommerce/client.ts';
import type { RawZoneInput, RawZoneUpdate } from '../bigcommerce/wire-types.ts';
import type { Deps, UndoEntry } from '../platform/ports.ts';
import { normalizeZone, type Profile, toRestoreBody } from '../shipping/index.ts';
import type { ObservedZone, ZoneAction } from '../shipping/types.ts';
import { toZoneRequestBody, toZoneRestoreBody } from '../shipping/zone-declarations.ts';
import { planZones } from '../shipping/zones.ts';
import type { Mode } from '../workflow-contract.ts';
import { observeZoneMethods } from './zone-methods.ts';

interface ZoneRun {
  client: ShippingClient;
  deps: Deps;
  storeHash: string;
  executionId: string;
  mode: Mode;
}

/** The zone actions of this run (none in mode verify: Verify reports zone drift), and the store's zones after. */
export async function applyDeclaredZones(
  run: ZoneRun,
  profile: Profile,
  zones: ObservedZone[],
): Promise<{ actions: ZoneAction[]; zones: ObservedZone[] }> {
  if (run.mode === 'verify') return { actions: [], zones };
  const { declared, pruned } = planZones(profile, zones);
  const deletes: ZoneAction[] = [];
  for (const zone of pruned) {
    // Read in full: a rollback recreates the zone's methods with their settings.
    const methods = await observeZoneMethods(
      run.client,
      { zoneId: zone.id, zoneName: zone.name, selector: '', methods: [] },
      { prune: true },
    );
    deletes.push({ kind: 'delete-zone', zoneId: zone.id, zoneName: zone.name, previous: zone, methods });
  }
  const actions = [...declared, ...deletes];
  if (run.mode === 'plan' || actions.length === 0) return { actions, zones };
  for (const action of actions) {
    await run.deps.journal.append(run.storeHash, run.executionId, [undoEntryForZone(action)]);
    await sendZone(run.client, action);
  }
  return { actions, zones: (await run.client.listZones()).map((raw: unknown) => normalizeZone(raw)) };
}

function undoEntryForZone(action: ZoneAction): UndoEntry {
  switch (action.kind) {
    case 'create-zone':
      return { kind: 'delete-created-zone', name: action.zone.name, type: action.zone.type };
    case 'update-zone':
      return {
        kind: 'restore-updated-zone',
        zoneId: action.zoneId,
        body: toZoneRestoreBody(action.previous),
      };
    case 'delete-zone':
      return {
        kind: 'recreate-deleted-zone',
        zoneId: action.zoneId,
        body: toZoneRestoreBody(action.previous),
        methods: action.methods.map(toRestoreBody),
      };
  }
}

async function sendZone(client: ShippingClient, action: ZoneAction): Promise<void> {
  switch (action.kind) {
    case 'create-zone':
      await client.createZone(toZoneRequestBody(action.zone) as RawZoneInput);
      return;
    case 'update-zone':
      await client.updateZone(action.zoneId, toZoneRequestBody(action.zone) as RawZoneUpdate);
      return;
    case 'delete-zone':
      await client.deleteZone(action.zoneId);
      return;
  }
}
