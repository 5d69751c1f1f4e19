/** What the CLI prints of a run: store-provided text escaped, and what a connection line can and cannot say. */
import { describe, expect, it } from 'vitest';
import { printResult, table, terminalSafe } from '../../cli/report.ts';
import type { RunResult } from '../../cli/run.ts';
import type { RunSummary } from '../../lambdas/workflow-contract.ts';

const ESC = '\u001b';
const RLO = '\u202e';

function printed(summary: Partial<RunSummary>, extra: Partial<RunResult> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const result: RunResult = {
    executionName: 'run-1',
    exitCode: 0,
    summary: {
      storeHash: 'abc123',
      profileName: 'p',
      mode: 'plan',
      outcome: 'planned',
      changes: [],
      mismatches: [],
      warnings: [],
      zones: [],
      probe: null,
      counts: { changes: 0, mismatches: 0, warnings: 0, zones: 0 },
      report: 'memory:run-1/report.json',
      ...summary,
    },
    ...extra,
  };
  printResult(result, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { out: out.join('\n'), err: err.join('\n') };
}

describe('terminalSafe', () => {
  it.each([
    ['an ANSI colour escape', `Red${ESC}[31m`, 'Red\\u{001b}[31m'],
    ['a right-to-left override', `Flat${RLO}etaR`, 'Flat\\u{202e}etaR'],
    ['a NUL, a newline and a C1 control', 'a\u0000b\nc\u009bd', 'a\\u{0000}b\\u{000a}c\\u{009b}d'],
    ['bidi isolates and marks', '\u2066x\u2069\u200f', '\\u{2066}x\\u{2069}\\u{200f}'],
  ])('shows %s as its code', (_what, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
  });

  it('leaves ordinary text, accents and emoji as they are', () => {
    expect(terminalSafe('Livraison Économique 🚚 UPS®')).toBe('Livraison Économique 🚚 UPS®');
  });
});

describe('printResult', () => {
  it('escapes a store’s method name in a change line', () => {
    const { out } = printed({
      changes: [
        {
          kind: 'delete-method',
          zoneId: 1,
          zoneName: `United States${RLO}`,
          methodId: 9,
          previous: {
            id: 9,
            name: `Evil${ESC}[2J`,
            type: 'perorder',
            enabled: true,
            is_fallback: false,
            settings: {},
          },
        },
      ],
    });
    expect(out).toContain('- delete  United States\\u{202e} / Evil\\u{001b}[2J (perorder) #9');
    expect(out).not.toContain(ESC);
    expect(out).not.toContain(RLO);
  });

  it('escapes every table cell, the verification’s included', () => {
    const { out } = printed({
      mode: 'verify',
      outcome: 'drifted',
      zones: [
        { zoneId: 1, zoneName: `Zone${ESC}]0;title${'\u0007'}`, methods: [{ type: 'perorder', name: 'A' }] },
      ],
      mismatches: [
        { kind: 'unexpected', zoneId: 1, zoneName: 'Zone', type: 'peritem', name: `B${RLO}`, methodIds: [4] },
      ] as RunSummary['mismatches'],
    });
    for (const line of out.split('\n')) expect(line).not.toMatch(/[\p{Cc}\u202e]/u);
    expect(out).toContain('Zone\\u{001b}]0;title\\u{0007}');
  });

  it('escapes each line of a failure’s cause, keeping its lines', () => {
    const out: string[] = [];
    const err: string[] = [];
    printResult(
      { executionName: 'run-1', exitCode: 1, error: 'BigCommerceRejected', cause: `first${ESC}[31m\nsecond` },
      { out: (t) => out.push(t), err: (t) => err.push(t), env: {} },
    );
    expect(err[0]).toBe('BigCommerceRejected: first\\u{001b}[31m\nsecond');
  });

  it('says on a connection’s line that BigCommerce cannot read it back', () => {
    const { out } = printed({ changes: [{ kind: 'connect-carrier', carrierId: 'endicia' }] });
    expect(out).toContain('+ connect carrier endicia (BigCommerce cannot read connections back;');
  });

  it('pads escaped cells to their printed width', () => {
    expect(table(['a'], [[`x${ESC}`]]).split('\n')).toEqual(['a', '-'.repeat(9), 'x\\u{001b}']);
  });
});

const warningSummary: RunSummary = {
  storeHash: 'abc123',
  profileName: 'per-channel',
  mode: 'apply',
  outcome: 'in-sync',
  changes: [],
  mismatches: [],
  warnings: [],
  counts: { changes: 0, mismatches: 0, warnings: 1, zones: 0 },
  report: 'memory:run-1/report.json',
  zones: [],
  probe: null,
};

const printedWithWarnings = (result: RunSummary): string => printed(result).out;

describe('printResult warnings', () => {
  it('prints the warnings of a run', () => {
    const warning =
      'duplicate: zone United States has 2 methods "Standard" (perorder) on channels [1]; bcship manages id 5 and leaves id 9';

    expect(printedWithWarnings({ ...warningSummary, warnings: [warning] })).toContain(
      `Warnings:\n  ! ${warning}`,
    );
  });

  it('prints no warnings section when there are none', () => {
    expect(printedWithWarnings({ ...warningSummary, warnings: [] })).not.toContain('Warnings');
    expect(printedWithWarnings(warningSummary)).not.toContain('Warnings');
  });
});

describe('printResult on carrier connections', () => {
  const withCarrier = {
    mode: 'apply' as const,
    outcome: 'succeeded' as const,
    zones: [{ zoneId: 1, zoneName: 'United States', methods: [{ type: 'endicia', name: 'USPS' }] }],
  };

  it('says a connection is not verified when no checkout probe ran', () => {
    expect(printed(withCarrier).out).toContain(
      'Carrier connections are not verified: BigCommerce cannot read them back',
    );
  });

  it('says nothing of it once the checkout was probed', () => {
    expect(printed({ ...withCarrier, probe: { ok: true, outcomes: [] } }).out).not.toContain('not verified');
  });
});

describe('printResult says what the run did, in its mode', () => {
  const zone = { zoneId: 1, zoneName: 'United States', methods: [{ type: 'perorder', name: 'Flat Rate' }] };
  const drift = {
    zoneId: 1,
    zoneName: 'United States',
    kind: 'missing' as const,
    type: 'perorder',
    name: 'Flat Rate',
    methodIds: [],
  };

  it('a verify with drift never says "No changes" above the difference table', () => {
    const { out } = printed({ mode: 'verify', outcome: 'drifted', zones: [zone], mismatches: [drift] });

    expect(out).not.toContain('No changes');
    expect(out).toContain('Drift: 1 difference(s)');
    expect(out).toMatch(/United States\s+Flat Rate\s+perorder\s+missing/);
  });

  it('a verify that matches says so', () => {
    expect(printed({ mode: 'verify', outcome: 'in-sync', zones: [zone] }).out).toContain(
      'The store matches the profile.',
    );
  });

  it('a plan says what would happen, never that anything succeeded or was made', () => {
    const { out } = printed({ mode: 'plan', outcome: 'planned' });

    expect(out).toContain('No changes would be made');
    expect(out).not.toMatch(/succeeded|change\(s\) made/);
  });
});
