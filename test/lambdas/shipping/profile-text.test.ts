import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../../../lambdas/shipping/profile-text.ts';

describe('parseProfileText', () => {
  it('parses YAML', () => {
    const text = [
      'name: flat',
      'units: { currency: USD }',
      'zones:',
      '  - match: { country: US }',
      '    methods:',
      '      - { name: Flat Rate, type: perorder, settings: { rate: 7 } }',
    ].join('\n');

    expect(parseProfileText(text).zones[0]?.methods[0]?.settings).toEqual({ rate: 7 });
  });

  it('parses JSON', () => {
    const json = JSON.stringify({
      name: 'us-standard',
      units: { currency: 'USD' },
      zones: [
        {
          match: { country: 'US' },
          methods: [{ name: 'Flat Rate', type: 'perorder', settings: { rate: 7 } }],
        },
      ],
    });

    expect(parseProfileText(json).name).toBe('us-standard');
  });

  it('turns a syntax error into InvalidProfile naming the line', () => {
    const text = 'name: flat\nzones:\n  - match: { id: 1\n    methods: []\n';

    expect(() => parseProfileText(text, 'broken.yaml')).toThrow(
      /Invalid shipping profile broken\.yaml: \(root\): syntax error at line 4/,
    );
  });

  it('rejects a key given twice', () => {
    expect(() => parseProfileText('name: a\nname: b\nzones: []\n')).toThrow(
      /line 2, column 1: Map keys must be unique/,
    );
  });

  it('validates what it parsed', () => {
    expect(() => parseProfileText('name: flat\nzones: []\n')).toThrow('zones: must not be empty');
  });
});
