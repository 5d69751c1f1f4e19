import { describe, expect, test } from 'vitest';
import { shippedProfiles } from '../../../lambdas/platform/profiles.ts';
import { InvalidProfile } from '../../../lambdas/shipping/errors.ts';

const flatRate = {
  name: 'flat',
  units: { currency: 'USD' },
  zones: [
    { match: { country: 'US' }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }] },
  ],
};

describe('shippedProfiles', () => {
  test('returns a deployed profile by name, validated', () => {
    const profiles = shippedProfiles(JSON.stringify({ flat: flatRate }));
    expect(profiles.names()).toEqual(['flat']);
    expect(profiles.get('flat')).toMatchObject({ name: 'flat', prune: false, carriers: [] });
  });

  test('an unknown name is an InvalidProfile listing the deployed ones', () => {
    const profiles = shippedProfiles(JSON.stringify({ flat: flatRate }));
    expect(() => profiles.get('express')).toThrow(InvalidProfile);
    expect(() => profiles.get('express')).toThrow(/no profile named "express"; known profiles: flat/);
  });

  test('a deployed profile that is invalid fails only when it is asked for', () => {
    const profiles = shippedProfiles(
      JSON.stringify({ flat: flatRate, broken: { name: 'broken', zones: [] } }),
    );
    expect(profiles.get('flat').name).toBe('flat');
    expect(() => profiles.get('broken')).toThrow(InvalidProfile);
  });

  test('with nothing bundled there are no profiles', () => {
    expect(shippedProfiles(undefined).names()).toEqual([]);
  });
});
