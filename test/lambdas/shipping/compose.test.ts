import { describe, expect, it } from 'vitest';
import { composeProfile } from '../../../lambdas/shipping/compose.ts';
import type { InvalidProfile } from '../../../lambdas/shipping/errors.ts';

const flatRate = {
  name: 'Flat Rate',
  type: 'perorder',
  settings: { rate: 7 },
  handling_fees: { fixed_surcharge: 1 },
};
const base = {
  source: 'base.yaml',
  document: {
    name: 'base',
    units: { currency: 'USD' },
    carriers: [{ id: 'endicia' }],
    zones: [{ match: { country: 'US' }, methods: [flatRate, { name: 'USPS', type: 'endicia' }] }],
  },
};

const issueOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { message: (error as Error).message, issues: (error as InvalidProfile).issues };
  }
  throw new Error('expected an error');
};

describe('composeProfile', () => {
  it('merges an override into the base method of the same identity, key by key, and appends new ones', () => {
    const profile = composeProfile([
      base,
      {
        source: 'child.yaml',
        document: {
          extends: 'base',
          name: 'child',
          carriers: [{ id: 'fedex' }],
          zones: [
            {
              match: { country: 'US' },
              methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 9 } }],
            },
            { match: { name: 'Canada' }, methods: [flatRate] },
          ],
        },
      },
    ]);

    expect(profile).toEqual({
      name: 'child',
      units: { currency: 'USD' },
      carriers: [{ id: 'endicia' }, { id: 'fedex' }],
      zones: [
        {
          match: { country: 'US' },
          methods: [
            { ...flatRate, settings: { rate: 9 } },
            { name: 'USPS', type: 'endicia' },
          ],
        },
        { match: { name: 'Canada' }, methods: [flatRate] },
      ],
    });
  });

  it('substitutes vars, the last layer’s value winning; a whole reference keeps the value’s type', () => {
    const profile = composeProfile([
      {
        source: 'a.yaml',
        document: {
          name: 'a',
          vars: { rate: 7, label: 'Std' },
          description: '${label} at ${rate}',
          zones: [
            {
              match: { country: 'US' },
              methods: [{ name: 'X', type: 'perorder', settings: { rate: '${rate}' } }],
            },
          ],
        },
      },
      { source: 'stores/s.yaml', document: { vars: { rate: 8 } } },
    ]);

    expect(profile.description).toBe('Std at 8');
    expect(profile).not.toHaveProperty('vars');
    expect((profile.zones as { methods: { settings: unknown }[] }[])[0]!.methods[0]!.settings).toEqual({
      rate: 8,
    });
  });

  it('names every file composed and the path of a reference no vars block sets', () => {
    const error = issueOf(() =>
      composeProfile([
        {
          source: 'a.yaml',
          document: {
            name: 'a',
            zones: [
              {
                match: { id: 1 },
                methods: [{ name: 'X', type: 'perorder', settings: { rate: '${missing}' } }],
              },
            ],
          },
        },
        { source: 'stores/s.yaml', document: {} },
      ]),
    );

    expect(error.message).toContain('a.yaml + stores/s.yaml');
    expect(error.issues).toEqual([
      {
        path: 'zones[0].methods[0].settings.rate',
        message: 'refers to ${missing}, which no vars block sets (vars: none)',
      },
    ]);
  });
});
