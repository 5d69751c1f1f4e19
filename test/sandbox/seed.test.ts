import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeedFile, startSandbox } from '../../sandbox/index.ts';
import { storeCaller } from '../support/sandbox-http.ts';

const exampleSeed = new URL('../../sandbox/seed.example.yaml', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function seedFile(name: string, contents: string): string {
  const path = join(scratch, name);
  writeFileSync(path, contents);
  return path;
}

describe('seeds', () => {
  it('loads the documented example and serves its stores', async () => {
    const sandbox = await startSandbox({ seed: loadSeedFile(exampleSeed) });
    try {
      const abc = storeCaller(sandbox.baseUrl('abc123'), 'abc123-token');
      const eu = storeCaller(sandbox.baseUrl('eu456'), 'eu456-token');
      expect((await abc('GET', '/shipping/zones/1/methods')).json).toMatchObject([
        { id: '1', name: 'USPS', type: 'endicia' },
        { id: '2', name: 'Flat Rate', type: 'perorder' },
      ]);
      expect((await abc('GET', '/shipping/zones/1/methods/1')).json).toMatchObject({ channel_ids: [1, 2] });
      expect((await eu('GET', '/store')).json).toMatchObject({ weight_units: 'Kilograms', currency: 'EUR' });
      expect((await eu('GET', '/shipping/zones')).json).toHaveLength(3);
    } finally {
      await sandbox.close();
    }
  });

  it('reads JSON seeds too', () => {
    const path = seedFile(
      'seed.json',
      JSON.stringify({ stores: [{ hash: 'json1', token: 't', zones: [] }] }),
    );
    expect(loadSeedFile(path).stores[0]).toMatchObject({ hash: 'json1', zones: [] });
  });

  it('continues zone and method ids after the seeded ones', async () => {
    const sandbox = await startSandbox({
      strict: true,
      seed: {
        stores: [
          {
            hash: 's',
            token: 't',
            zones: [
              { id: 10, name: 'Z', type: 'global', methods: [{ id: 40, name: 'M', type: 'perorder' }] },
            ],
          },
        ],
      },
    });
    try {
      const call = storeCaller(sandbox.baseUrl('s'), 't');
      expect((await call('POST', '/shipping/zones', { name: 'Next', type: 'global' })).json).toMatchObject({
        id: 11,
      });
      expect(
        (await call('POST', '/shipping/zones/10/methods', { name: 'N', type: 'perorder' })).json,
      ).toMatchObject({
        id: 41,
      });
    } finally {
      await sandbox.close();
    }
  });

  it.each([
    [
      'a bad zone type',
      'stores: [{ hash: a, token: t, zones: [{ name: Z, type: planet }] }]',
      'stores[0].zones[0].type',
    ],
    ['a missing token', 'stores: [{ hash: a }]', 'stores[0].token'],
    [
      'an unknown field',
      'stores: [{ hash: a, token: t, colour: blue }]',
      'stores[0]: Unrecognized key: "colour"',
    ],
    [
      'a bad currency',
      'stores: [{ hash: a, token: t, info: { currency: dollars } }]',
      'stores[0].info.currency: must be a three-letter ISO 4217 code',
    ],
    [
      'a duplicate store',
      'stores: [{ hash: a, token: t }, { hash: a, token: u }]',
      'stores[1].hash: duplicates another store',
    ],
    ['no stores', 'stores: []', 'stores'],
    [
      'a carrier method without its connection',
      'stores: [{ hash: a, token: t, zones: [{ name: Z, type: global, methods: [{ name: F, type: fedex }] }] }]',
      "stores[0].zones[0].methods[0]: The carrier 'fedex' is not connected",
    ],
    [
      'a connection missing fields',
      'stores: [{ hash: a, token: t, connections: [{ carrier_id: endicia, connection: { account_id: x } }] }]',
      'stores[0].connections[0]: Required fields missing [pass_phrase]',
    ],
    [
      'a duplicate zone id',
      'stores: [{ hash: a, token: t, zones: [{ id: 1, name: A, type: global }, { id: 1, name: B, type: global }] }]',
      'stores[0].zones[1]: duplicate zone id 1',
    ],
  ])('rejects %s, naming the field', async (_case, yaml, message) => {
    const path = seedFile('bad.yaml', yaml);
    await expect(async () => startSandbox({ seed: loadSeedFile(path) })).rejects.toThrow(message);
  });

  it('rejects a file that is not YAML', () => {
    const path = seedFile('broken.yaml', 'stores: [unclosed');
    expect(() => loadSeedFile(path)).toThrow(`Cannot read sandbox seed ${path}`);
  });
});
