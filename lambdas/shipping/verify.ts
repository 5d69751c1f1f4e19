/**
 * Verification: reads a zone back and reports every way it differs from its profile. The comparison is the
 * planner's, so a zone verifies exactly when planning it would change nothing.
 */
import { describeMethod, diffMethod, groupByIdentity, identityOf } from './plan.ts';
import type { Mismatch, ObservedMethod, ResolvedZone } from './types.ts';
import { formatValue } from './values.ts';

export const verifyZone = (
  zone: ResolvedZone,
  observed: readonly ObservedMethod[],
  options: { prune: boolean },
): Mismatch[] => {
  const { zoneId, zoneName } = zone;
  const groups = groupByIdentity(observed);
  const mismatches: Mismatch[] = [];
  for (const method of zone.methods) {
    const copies = groups.get(identityOf(method)) ?? [];
    const { type, name } = method;
    const [only] = copies;
    if (!only) {
      mismatches.push({ zoneId, zoneName, kind: 'missing', type, name, methodIds: [] });
    } else if (copies.length > 1) {
      mismatches.push({
        zoneId,
        zoneName,
        kind: 'duplicated',
        type,
        name,
        methodIds: copies.map((copy) => copy.id),
      });
    } else {
      const changes = diffMethod(method, only);
      if (changes.length > 0) {
        mismatches.push({ zoneId, zoneName, kind: 'different', type, name, methodIds: [only.id], changes });
      }
    }
  }
  if (options.prune) {
    const managed = new Set(zone.methods.map(identityOf));
    for (const [identity, copies] of groups) {
      if (managed.has(identity)) continue;
      const [first] = copies;
      if (!first) continue;
      mismatches.push({
        zoneId,
        zoneName,
        kind: 'unexpected',
        type: first.type,
        name: first.name,
        methodIds: copies.map((copy) => copy.id),
      });
    }
  }
  return mismatches;
};

export const describeMismatch = (mismatch: Mismatch): string => {
  const where = `${mismatch.zoneName} / ${describeMethod(mismatch)}`;
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
      return `different   ${where} ${ids}: ${fields}`;
    }
  }
};
