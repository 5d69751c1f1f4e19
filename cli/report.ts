/** What the CLI prints about a finished execution: the changes as a diff, and the verification table. */
import {
  describeAction,
  describeCreatedValues,
  describeMismatch,
  isCarrierType,
} from '../lambdas/shipping/index.ts';
import type { Mismatch, PlanAction } from '../lambdas/shipping/types.ts';
import { describeZoneValues, ZONE_MISMATCH_TYPE } from '../lambdas/shipping/zone-declarations.ts';
import type { ProbeResult, RunSummary } from '../lambdas/workflow-contract.ts';
import type { RunResult } from './run.ts';

/**
 * C0 and C1 controls (ANSI escapes start with ESC), DEL, and the bidirectional marks, embeddings, overrides and
 * isolates that reorder what a terminal shows.
 */
const UNPRINTABLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * What a store sent (names, descriptions, BigCommerce's messages), made safe to print: a name holding an ANSI
 * escape or a right-to-left override would otherwise recolour the terminal or show the operator something
 * other than what is there. Each such character is shown as its code, `\u{202e}`.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNPRINTABLE, (char) => `\\u{${char.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
}

/** BigCommerce has no GET for connections, so neither Verify nor this line can say a connection works. */
const CONNECTION_NOTE = ' (BigCommerce cannot read connections back; a checkout probe proves them)';

/** What a create sends, a line a value; nothing for other changes. */
const createdValues = (change: PlanAction): string[] => {
  if (change.kind === 'create-method') return describeCreatedValues(change.method);
  if (change.kind === 'create-zone') return describeZoneValues(change.zone);
  return [];
};

/**
 * A verify changes nothing: its verdict is the verification table's, so it says whether the store matches
 * rather than "no changes" above a list of differences.
 */
function renderVerdict(summary: RunSummary): string {
  const count = summary.mismatches.length;
  return count === 0
    ? 'The store matches the profile.'
    : `Drift: ${count} difference(s) between the store and the profile (below).`;
}

export function renderChanges(changes: readonly PlanAction[], mode: RunSummary['mode']): string {
  if (changes.length === 0) {
    return mode === 'plan'
      ? 'No changes would be made: the store already matches the profile.'
      : 'No changes: the store already matches the profile.';
  }
  const heading =
    mode === 'plan' ? `${changes.length} change(s) would be made:` : `${changes.length} change(s) made:`;
  const lines = (change: PlanAction) => [
    `  ${terminalSafe(describeAction(change))}${change.kind === 'connect-carrier' ? CONNECTION_NOTE : ''}`,
    ...createdValues(change).map((value) => `      ${terminalSafe(value)}`),
  ];
  return [heading, ...changes.flatMap(lines)].join('\n');
}

/** One row per managed method: zone, method, type, and whether the store matches. */
function renderVerification(summary: RunSummary): string {
  const rows: string[][] = [];
  const mismatchesOf = (zoneId: number, type: string, name: string): Mismatch[] =>
    summary.mismatches.filter((m) => m.zoneId === zoneId && m.type === type && m.name === name);
  for (const zone of summary.zones) {
    for (const method of zone.methods) {
      const found = mismatchesOf(zone.zoneId, method.type, method.name);
      rows.push([
        zone.zoneName,
        method.name,
        method.type,
        found.length === 0 ? 'ok' : found.map((m) => describeMismatch(m)).join('; '),
      ]);
    }
  }
  const zoneLevel = (m: Mismatch) => m.type === ZONE_MISMATCH_TYPE;
  for (const zone of summary.mismatches.filter(zoneLevel)) {
    rows.push([zone.zoneName, '(the zone itself)', 'zone', describeMismatch(zone)]);
  }
  for (const extra of summary.mismatches.filter((m) => m.kind === 'unexpected' && !zoneLevel(m))) {
    rows.push([extra.zoneName, extra.name, extra.type, describeMismatch(extra)]);
  }
  return table(['zone', 'method', 'type', 'verification'], rows);
}

/** What shoppers were offered at each checkout expectation's address, and what did not match. */
function renderProbe(probe: ProbeResult): string {
  const rows = probe.outcomes.flatMap((outcome) => {
    const offered = outcome.offered.map((option) => [
      outcome.name,
      option.description,
      formatCost(option.cost),
    ]);
    return offered.length > 0 ? offered : [[outcome.name, '(nothing offered)', '']];
  });
  const problems = probe.outcomes.flatMap((outcome) =>
    outcome.problems.map((p) => terminalSafe(`  ✗ ${outcome.name}: ${p}`)),
  );
  const verdict = probe.ok ? 'Checkout: every expectation met.' : 'Checkout: expectations not met:';
  return [table(['checkout', 'offered', 'cost'], rows), '', verdict, ...problems].join('\n');
}

export const formatCost = (cost: number): string => cost.toFixed(2);

/** Every cell is printed through terminalSafe: rows hold what stores and checkouts sent. */
export function table(header: string[], unsafeRows: string[][]): string {
  const rows = unsafeRows.map((row) => row.map(terminalSafe));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Live progress on stdout (default on; in-process callers such as tests turn it off). */
  progress?: boolean;
  /** Whether someone at a terminal can answer a question (stdin and stdout are a TTY). */
  interactive?: boolean;
  /** Asks the operator and resolves with the line typed. */
  ask?: (question: string) => Promise<string>;
}

const UNVERIFIED_CONNECTIONS =
  'Carrier connections are not verified: BigCommerce cannot read them back. ' +
  'Checkout expectations in the profile (the Probe step) prove what shoppers are quoted.';

const usesCarriers = (summary: RunSummary): boolean =>
  summary.zones.some((zone) => zone.methods.some((method) => isCarrierType(method.type)));

export function printResult(result: RunResult, io: CliIO, json = false): void {
  if (result.attached && !json) {
    io.err(
      `Execution ${result.executionName} was already started by an earlier command (same input and run id); ` +
        'showing its result. Pass another --run-id to run it again.',
    );
  }
  if (json) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  if (!result.summary) {
    // A cause may be a report of several lines (the checkout probe's): each line is escaped on its own.
    const cause = `${result.error}: ${result.cause ?? 'the execution failed'}`;
    io.err(cause.split('\n').map(terminalSafe).join('\n'));
    io.err(`execution: ${result.executionName}`);
    return;
  }
  const summary = result.summary;
  io.out('');
  io.out(summary.mode === 'verify' ? renderVerdict(summary) : renderChanges(summary.changes, summary.mode));
  if (summary.mode !== 'plan') {
    io.out('');
    io.out(renderVerification(summary));
    if (!summary.probe && usesCarriers(summary)) io.out(UNVERIFIED_CONNECTIONS);
  }
  if (summary.probe) {
    io.out('');
    io.out(renderProbe(summary.probe));
  }
  if (summary.warnings?.length) {
    io.out('');
    io.out(['Warnings:', ...summary.warnings.map((warning) => `  ! ${terminalSafe(warning)}`)].join('\n'));
  }
  io.out('');
  io.out(`store ${summary.storeHash} · profile ${summary.profileName} · ${summary.outcome}`);
}
