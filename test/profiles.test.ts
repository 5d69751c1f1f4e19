import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSIGNMENTS_FILE } from '../lambdas/shipping/assignment.ts';
import { parseProfile } from '../lambdas/shipping/profile.ts';
import { parseProfileText } from '../lambdas/shipping/profile-text.ts';
import type { ObservedZone } from '../lambdas/shipping/types.ts';
import { unitMismatches } from '../lambdas/shipping/units.ts';
import { resolveZones } from '../lambdas/shipping/zones.ts';
import { directoryAssignments, directoryProfiles } from '../lib/directory-profiles.ts';
import { defaultStoreInformation } from '../sandbox/store-information.ts';

const directory = join(import.meta.dirname, '..', 'profiles');
// assignments.yaml holds the assignment rules, not a profile (test/lambdas/shipping/assignment.test.ts).
const files = readdirSync(directory).filter(
  (file) => /\.(ya?ml|json)$/.test(file) && file !== ASSIGNMENTS_FILE,
);

/** The default store of the bundled sandbox. */
const sandboxZones: ObservedZone[] = [
  { id: 1, name: 'United States', type: 'country', locations: [{ country_iso2: 'US' }], enabled: true },
  { id: 2, name: 'Canada', type: 'country', locations: [{ country_iso2: 'CA' }], enabled: true },
  { id: 3, name: 'Rest of World', type: 'global', locations: [], enabled: true },
];

const load = (file: string) =>
  parseProfileText(readFileSync(join(directory, file), 'utf8'), `profiles/${file}`);

describe('example profiles', () => {
  it('come with assignment rules that name only them', () => {
    const rules = directoryAssignments(directory, directoryProfiles(directory).names());
    expect(rules?.default).toBe('us-standard');
    expect(rules?.rules.map((rule) => rule.profile)).toEqual(['multi-zone', 'flat-rate']);
  });

  it('include the three documented examples', () => {
    expect(files).toEqual(expect.arrayContaining(['flat-rate.yaml', 'us-standard.yaml', 'multi-zone.yaml']));
  });

  it.each(files)('%s is named after its file', (file) => {
    expect(load(file).name).toBe(file.replace(/\.(ya?ml|json)$/, ''));
  });

  it.each(files)('%s resolves every zone against the sandbox default store', (file) => {
    const profile = load(file);

    expect(resolveZones(profile, sandboxZones)).toHaveLength(profile.zones.length);
  });

  it.each(files)(
    '%s states the units of the sandbox default store, so a run against it is not refused',
    (file) => {
      const store = defaultStoreInformation('sandbox', 1);
      const units = { currency: String(store.currency), weightUnits: String(store.weight_units) };

      expect(unitMismatches(load(file).units, units)).toEqual([]);
    },
  );

  it.each(files)('%s parses to itself after a JSON round trip, as an inline profile travels', (file) => {
    const profile = load(file);

    expect(parseProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
  });

  it.each(files)('%s opens with a comment saying what it is for', (file) => {
    expect(readFileSync(join(directory, file), 'utf8')).toMatch(/^# \S/);
  });
});
