import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEPLOYED_ASSIGNMENTS_FILE,
  DEPLOYED_PROFILES_FILE,
  shippedFile,
} from '../../lambdas/platform/profiles.ts';
import { createApp } from '../../lib/app.ts';
import { loadProfiles, writeDeployedProfiles } from '../../lib/profiles.ts';
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

describe('writeDeployedProfiles', () => {
  it('writes the profiles as the file a function reads from its folder, one folder per content', () => {
    const one = loadProfiles(profilesDir({ 'a.yaml': flatRate('a', 1) }));
    const other = loadProfiles(profilesDir({ 'a.yaml': flatRate('a', 2) }));

    const [file] = writeDeployedProfiles(one);
    const [otherFile] = writeDeployedProfiles(other);

    expect(path.basename(file!)).toBe(DEPLOYED_PROFILES_FILE);
    expect(path.dirname(otherFile!)).not.toBe(path.dirname(file!));
    vi.stubEnv('LAMBDA_TASK_ROOT', path.dirname(file!));
    expect(JSON.parse(shippedFile(DEPLOYED_PROFILES_FILE)!)).toEqual(one);
    expect(shippedFile(DEPLOYED_ASSIGNMENTS_FILE)).toBeUndefined();
    vi.unstubAllEnvs();
  });
});
