/**
 * Verification: reads a zone back and reports every way it differs from its profile. The comparison is the
 * planner's, so a zone verifies exactly when planning it would change nothing.
 */

import { describeMethod, diffMethod, duplicateWarning, identityOf, matchMethods } from './plan.ts';
import type { Mismatch, ObservedMethod, ResolvedZone } from './types.ts';
import { formatValue } from './values.ts';
import { ZONE_MISMATCH_TYPE } from './zone-declarations.ts';

/** How a zone differs from its profile, and what verify saw but leaves alone (duplicates without `prune`). */
export interface ZoneVerification {
  mismatches: Mismatch[];
  warnings: string[];
}

export const verifyZone = (
  zone: ResolvedZone,
  observed: readonly ObservedMethod[],
  options: { prune: boolean },
): ZoneVerification => {
  const { zoneId, zoneName } = zone;
  const { managed, unmanaged } = matchMethods(zone, observed);
  const mismatches: Mismatch[] = [];
  const warnings: string[] = [];
  for (const method of zone.methods) {
    const copies = managed.get(identityOf(method)) ?? [];
    const { type, name } = method;
    const methodIds = copies.map((copy) => copy.id);
    const [kept, ...extras] = copies;
    if (!kept) {
      mismatches.push({ zoneId, zoneName, kind: 'missing', type, name, methodIds });
      continue;
    }
    // As in the plan: extra copies are drift only when the profile prunes, else a warning.
    if (extras.length > 0 && options.prune) {
      mismatches.push({ zoneId, zoneName, kind: 'duplicated', type, name, methodIds });
    } else if (extras.length > 0) {
      warnings.push(duplicateWarning(zoneName, method, kept, extras));
    }
    const changes = diffMethod(method, kept);
    if (changes.length > 0) {
      mismatches.push({ zoneId, zoneName, kind: 'different', type, name, methodIds: [kept.id], changes });
    }
  }
  if (options.prune) {
    for (const [first, ...others] of unmanaged.values()) {
      if (!first) continue;
      const methodIds = [first, ...others].map((copy) => copy.id);
      mismatches.push({
        zoneId,
        zoneName,
        kind: 'unexpected',
        type: first.type,
        name: first.name,
        methodIds,
      });
    }
  }
  return { mismatches, warnings };
};

export const describeMismatch = (mismatch: Mismatch): string => {
  const where =
    mismatch.type === ZONE_MISMATCH_TYPE
      ? `zone ${mismatch.zoneName}`
      : `${mismatch.zoneName} / ${describeMethod(mismatch)}`;
  const ids = mismatch.methodIds.map((id) => `#${id}`).join(', ');
  switch (mismatch.kind) {
    case 'missing':
      return `missing     ${where}`;
    case 'duplicated':
      return `duplicated  ${where}: ${mismatch.methodIds.length} copies (${ids})`;
    case 'unexpected':
      return `unexpected  ${where} ${ids} (not in the profile)`;
    case 'different': {
      const fields = (mismatch.changes ?? [])
        .map(
          (change) =>
            `${change.path} is ${formatValue(change.actual)}, expected ${formatValue(change.desired)}`,
        )
        .join('; ');
      return `different   ${where}${ids ? ` ${ids}` : ''}: ${fields}`;
    }
  }
};
