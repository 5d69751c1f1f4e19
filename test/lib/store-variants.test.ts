/** Deployed profiles ship resolved: a base merged in, and each store's own values as that store's variant. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { shippedProfiles } from '../../lambdas/platform/profiles.ts';
import { loadProfiles } from '../../lib/profiles.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('deploys each profile resolved, and a store with its own file gets its variant by its hash', () => {
  dir = mkdtempSync(join(tmpdir(), 'bcship-variants-'));
  mkdirSync(join(dir, 'stores'));
  writeFileSync(
    join(dir, 'fleet-base.yaml'),
    'name: fleet-base\nunits: { currency: USD }\nvars: { rate: 7 }\nzones:\n  - match: { country: US }\n    methods:\n      - { name: Flat Rate, type: perorder, settings: { rate: "${rate}" } }\n',
  );
  writeFileSync(join(dir, 'stores', 'abc123.yaml'), 'extends: fleet-base\nvars: { rate: 8 }\n');

  const deployed = loadProfiles(dir);
  const source = shippedProfiles(JSON.stringify(deployed));

  expect(Object.keys(deployed).sort()).toEqual(['fleet-base', 'fleet-base@abc123']);
  expect(source.names()).toEqual(['fleet-base']);
  const rateOf = (storeHash?: string) => source.get('fleet-base', storeHash).zones[0]!.methods[0]!.settings;
  expect(rateOf()).toEqual({ rate: 7 });
  expect(rateOf('ABC123')).toEqual({ rate: 8 });
  expect(rateOf('other')).toEqual({ rate: 7 });
});
