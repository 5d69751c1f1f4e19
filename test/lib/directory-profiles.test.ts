import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { directoryProfiles } from '../../lib/directory-profiles.ts';

const flatRate = {
  name: 'flat',
  units: { currency: 'USD' },
  zones: [
    { match: { country: 'US' }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }] },
  ],
};

describe('directoryProfiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bcship-profiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('reads YAML and JSON profiles by file name', () => {
    writeFileSync(
      join(dir, 'flat.yaml'),
      'name: flat\nunits: { currency: USD }\nzones:\n  - match: { country: US }\n    methods:\n      - { name: Flat Rate, type: perorder, settings: { rate: 7 } }\n',
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
