import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { bundledProfiles, directoryProfiles } from '../../../lambdas/platform/profiles.ts';
import { InvalidProfile } from '../../../lambdas/shipping/errors.ts';

const flatRate = {
  name: 'flat',
  zones: [
    { match: { country: 'US' }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }] },
  ],
};

describe('bundledProfiles', () => {
  test('returns a deployed profile by name, validated', () => {
    const profiles = bundledProfiles(JSON.stringify({ flat: flatRate }));
    expect(profiles.names()).toEqual(['flat']);
    expect(profiles.get('flat')).toMatchObject({ name: 'flat', prune: false, carriers: [] });
  });

  test('an unknown name is an InvalidProfile listing the deployed ones', () => {
    const profiles = bundledProfiles(JSON.stringify({ flat: flatRate }));
    expect(() => profiles.get('express')).toThrow(InvalidProfile);
    expect(() => profiles.get('express')).toThrow(/no profile named "express"; known profiles: flat/);
  });

  test('a deployed profile that is invalid fails only when it is asked for', () => {
    const profiles = bundledProfiles(
      JSON.stringify({ flat: flatRate, broken: { name: 'broken', zones: [] } }),
    );
    expect(profiles.get('flat').name).toBe('flat');
    expect(() => profiles.get('broken')).toThrow(InvalidProfile);
  });

  test('with nothing bundled there are no profiles', () => {
    expect(bundledProfiles(undefined).names()).toEqual([]);
  });
});

describe('directoryProfiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bcship-profiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('reads YAML and JSON profiles by file name', () => {
    writeFileSync(
      join(dir, 'flat.yaml'),
      'name: flat\nzones:\n  - match: { country: US }\n    methods:\n      - { name: Flat Rate, type: perorder, settings: { rate: 7 } }\n',
    );
    writeFileSync(join(dir, 'json-flat.json'), JSON.stringify({ ...flatRate, name: 'json-flat' }));
    writeFileSync(join(dir, 'README.md'), '# not a profile');
    const profiles = directoryProfiles(dir);
    expect(profiles.names()).toEqual(['flat', 'json-flat']);
    expect(profiles.get('flat').zones[0]?.methods[0]).toMatchObject({ name: 'Flat Rate', type: 'perorder' });
    expect(profiles.get('json-flat').name).toBe('json-flat');
  });

  test('an unknown name is an InvalidProfile listing the profiles found', () => {
    writeFileSync(join(dir, 'flat.json'), JSON.stringify(flatRate));
    expect(() => directoryProfiles(dir).get('express')).toThrow(/known profiles: flat/);
  });

  test('an invalid profile file is an InvalidProfile naming the file', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: bad\nzones: []\n');
    expect(() => directoryProfiles(dir).get('bad')).toThrow(/bad\.yaml/);
  });
});
