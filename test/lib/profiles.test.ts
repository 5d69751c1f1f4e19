import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../lib/app.ts';
import { loadProfiles, PROFILES_GLOBAL, profilesDefine } from '../../lib/profiles.ts';
import { PROJECT_ROOT } from '../../lib/settings.ts';
import { SKIP_BUNDLING, temporaryDir } from './synth.ts';

const flatRate = (name: string, rate: number) =>
  [
    `name: ${name}`,
    'units: { currency: USD }',
    'zones:',
    '  - match: { name: United States }',
    '    methods:',
    `      - { name: Flat Rate, type: perorder, settings: { rate: ${rate} } }`,
    '',
  ].join('\n');

let dirs: string[] = [];
const profilesDir = (files: Record<string, string>): string => {
  const dir = temporaryDir('bcship-profiles-');
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
};

afterEach(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('loadProfiles', () => {
  it('returns every profile of the repository, by the name of its file, leaving out the assignment rules', () => {
    const dir = path.join(PROJECT_ROOT, 'profiles');
    const files = fs
      .readdirSync(dir)
      .filter((file) => /\.(ya?ml|json)$/.test(file) && file !== 'assignments.yaml');
    const profiles = loadProfiles(dir);
    expect(Object.keys(profiles).sort()).toEqual(
      files.map((file) => file.replace(/\.(ya?ml|json)$/, '')).sort(),
    );
    for (const [name, profile] of Object.entries(profiles)) expect(profile.name).toBe(name);
  });

  it('reads YAML and JSON and ignores other files', () => {
    const dir = profilesDir({
      'a.yaml': flatRate('a', 1),
      'b.yml': flatRate('b', 2),
      'c.json': JSON.stringify({
        name: 'c',
        units: { currency: 'USD' },
        zones: [
          { match: { id: 1 }, methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 3 } }] },
        ],
      }),
      'README.md': '# not a profile',
    });
    expect(Object.keys(loadProfiles(dir))).toEqual(['a', 'b', 'c']);
  });

  it('refuses a profile whose name differs from its file name, naming both', () => {
    const dir = profilesDir({ 'standard.yaml': flatRate('express', 5) });
    expect(() => loadProfiles(dir)).toThrow(
      `Invalid shipping profile ${path.join(dir, 'standard.yaml')}: name: must equal the file name "standard" (found "express")`,
    );
  });
});

describe('synthesis', () => {
  it('fails on an invalid profile, naming the file and the field', () => {
    const dir = profilesDir({ 'good.yaml': flatRate('good', 7), 'bad.yaml': flatRate('bad', -1) });
    expect(() =>
      createApp({ ...SKIP_BUNDLING, 'bcship:profilesDir': dir }, { outdir: profilesDir({}) }),
    ).toThrow(`${path.join(dir, 'bad.yaml')}: zones[0].methods[0].settings.rate: must be >= 0`);
  });

  it('fails when the profiles directory does not exist, naming the setting', () => {
    const missing = path.join(temporaryDir('bcship-profiles-'), 'nowhere');
    dirs.push(path.dirname(missing));
    expect(() =>
      createApp({ ...SKIP_BUNDLING, 'bcship:profilesDir': missing }, { outdir: profilesDir({}) }),
    ).toThrow(`Profiles directory ${missing} does not exist (context bcship:profilesDir)`);
  });
});

describe('profilesDefine', () => {
  it('defines globalThis.BCSHIP_PROFILES as the source text of a JSON string of the profiles', () => {
    const profiles = loadProfiles(profilesDir({ 'a.yaml': flatRate('a', 1) }));
    const define = profilesDefine(profiles);
    expect(Object.keys(define)).toEqual([PROFILES_GLOBAL]);
    expect(PROFILES_GLOBAL).toBe('globalThis.BCSHIP_PROFILES');
    // esbuild substitutes the value as an expression: a string literal whose content parses to the profiles.
    const literal = JSON.parse(define[PROFILES_GLOBAL]!) as string;
    expect(JSON.parse(literal)).toEqual(profiles);
  });
});
