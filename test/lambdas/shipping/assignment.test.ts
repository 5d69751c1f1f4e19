import { describe, expect, test } from 'vitest';
import { assignProfile, parseAssignmentRules } from '../../../lambdas/shipping/assignment.ts';

const PROFILES = ['us-standard', 'flat-rate', 'multi-zone', 'eu-kg'];

const rules = parseAssignmentRules(
  {
    default: 'us-standard',
    rules: [
      { profile: 'eu-kg', when: { country: ['DE', 'FR'], weightUnit: 'kg' } },
      { profile: 'multi-zone', when: { plan: ['Enterprise', 'Pro'] } },
      { profile: 'flat-rate', when: { currency: 'usd', domain: '*.example.org' } },
    ],
  },
  PROFILES,
);

const usStore = {
  country_code: 'US',
  currency: 'USD',
  weight_units: 'Ounces',
  plan_name: 'Standard',
  plan_level: 'Standard',
  domain: 'shop.example.com',
};

describe('assignProfile', () => {
  test('a store no rule matches gets the default, and the reason lists its facts', () => {
    const assignment = assignProfile(rules, usStore);

    expect(assignment.profile).toBe('us-standard');
    expect(assignment.rule).toBeUndefined();
    expect(assignment.reason).toContain('no rule matched');
    expect(assignment.reason).toContain('country US');
  });

  test('every condition of a rule must hold: country alone is not enough', () => {
    expect(assignProfile(rules, { ...usStore, country_code: 'DE' }).profile).toBe('us-standard');
    const assignment = assignProfile(rules, { ...usStore, country_code: 'DE', weight_units: 'Kilograms' });
    expect(assignment).toMatchObject({ profile: 'eu-kg', rule: 1 });
    expect(assignment.reason).toBe('rule 1 matched: country DE, weightUnit kg');
  });

  test('a plan matches plan_name or plan_level, case-insensitively', () => {
    expect(assignProfile(rules, { ...usStore, plan_name: 'Pro Annual', plan_level: 'pro' }).profile).toBe(
      'multi-zone',
    );
  });

  test('a domain pattern spans the whole domain and reads its dots literally', () => {
    expect(assignProfile(rules, { ...usStore, domain: 'shop.example.org' }).profile).toBe('flat-rate');
    expect(assignProfile(rules, { ...usStore, domain: 'shop.example.org.evil.test' }).profile).toBe(
      'us-standard',
    );
    expect(assignProfile(rules, { ...usStore, domain: 'shopxexample.org' }).profile).toBe('us-standard');
  });

  test('the first matching rule wins', () => {
    const store = { ...usStore, plan_name: 'Enterprise', domain: 'a.example.org' };
    expect(assignProfile(rules, store)).toMatchObject({ profile: 'multi-zone', rule: 2 });
  });

  test('a fact the store does not report matches no condition on it', () => {
    expect(assignProfile(rules, { country_code: 'FR' }).profile).toBe('us-standard');
  });
});

describe('parseAssignmentRules', () => {
  test('a rule naming a profile that is not deployed fails, naming the profile and the rule', () => {
    expect(() =>
      parseAssignmentRules(
        { default: 'us-standard', rules: [{ profile: 'ca-post', when: { country: 'CA' } }] },
        PROFILES,
      ),
    ).toThrow(/rules\[0\]\.profile: no profile named "ca-post"/);
  });

  test('an unknown default fails the same way', () => {
    expect(() => parseAssignmentRules({ default: 'nope' }, PROFILES)).toThrow(
      /default: no profile named "nope"/,
    );
  });

  test('a rule without conditions, or with an unknown one, is refused by its path', () => {
    expect(() =>
      parseAssignmentRules({ default: 'us-standard', rules: [{ profile: 'flat-rate', when: {} }] }, PROFILES),
    ).toThrow(/rules\[0\]\.when: must state at least one condition/);
    expect(() =>
      parseAssignmentRules(
        { default: 'us-standard', rules: [{ profile: 'flat-rate', when: { region: 'EU' } }] },
        PROFILES,
      ),
    ).toThrow(/rules\[0\]\.when/);
  });

  test('a weight unit must be one a profile can state', () => {
    expect(() =>
      parseAssignmentRules(
        { default: 'us-standard', rules: [{ profile: 'eu-kg', when: { weightUnit: 'stone' } }] },
        PROFILES,
      ),
    ).toThrow(/rules\[0\]\.when\.weightUnit/);
  });
});
