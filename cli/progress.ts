/**
 * Live progress of an Onboard execution, local or on AWS. Both sources are reduced to the same signals
 * (a state entered, exited, retried or failed; the zones an ApplyZones ended with; the end), and a listr2 list
 * shows one line per step of the flow, each settling as done, skipped or failed (✖ with its error).
 */
import { Listr } from 'listr2';
import type { Mode } from '../lambdas/workflow-contract.ts';
import { terminalSafe } from './report.ts';

/** How one zone's iteration ended, as ApplyZones reports it. */
export interface ZoneProgress {
  zoneId: number;
  zoneName: string;
  actions: number;
  failed: boolean;
  error?: string;
}

export type ProgressSignal =
  | { kind: 'entered'; state: string }
  | { kind: 'exited'; state: string }
  | { kind: 'retried'; state: string; error: string }
  /** The state's error was caught: the run goes on to its failure path. */
  | { kind: 'failed'; state: string; error: string }
  | { kind: 'zones'; zones: ZoneProgress[] }
  | { kind: 'ended'; status: 'SUCCEEDED' | 'FAILED' };

/** The main steps, in flow order, with what the list calls them. */
const STEPS: ReadonlyArray<{ state: string; title: string }> = [
  { state: 'ResolveZones', title: 'Resolve zones' },
  { state: 'ConnectCarriers', title: 'Connect carriers' },
  { state: 'ApplyZones', title: 'Apply zone methods' },
  { state: 'Verify', title: 'Verify' },
  { state: 'Record', title: 'Record' },
];

/** Why a step did not run: its mode leaves it out, or the run ended before it. */
function skipReason(state: string, mode: Mode): string {
  if (mode === 'verify' && (state === 'ConnectCarriers' || state === 'ApplyZones'))
    return 'a verify changes nothing';
  if (mode === 'plan' && state === 'Verify') return 'a plan writes nothing to verify';
  return state === 'ConnectCarriers' ? 'no carrier to connect' : 'passed over';
}

type Outcome = 'done' | 'skipped' | 'failed';

interface StepWatch {
  entered: boolean;
  /** Skipped because the run ended before it, rather than passed over by the flow. */
  notReached?: boolean;
  outcome?: Outcome;
  error?: string;
  notes: string[];
  wake?: () => void;
}

/** A step as it stands: what an interrupted run prints of what was done. */
export interface StepReport {
  title: string;
  outcome: Outcome | 'running' | 'pending';
  error?: string;
  /** What the step reported on the way: retries, and how each zone ended. */
  notes: string[];
}

export class ExecutionProgress {
  private readonly mode: Mode;
  private readonly watches = new Map<string, StepWatch>(
    STEPS.map((s) => [s.state, { entered: false, notes: [] }]),
  );

  constructor(mode: Mode = 'apply') {
    this.mode = mode;
  }

  /** Feed one signal; steps the execution has moved past settle as skipped (or failed if they had started). */
  signal(signal: ProgressSignal): void {
    if (signal.kind === 'entered') {
      const index = STEPS.findIndex((s) => s.state === signal.state);
      if (index < 0) return;
      for (const earlier of STEPS.slice(0, index)) this.settleIfOpen(earlier.state);
      this.watch(signal.state).entered = true;
    } else if (signal.kind === 'exited') {
      if (this.watches.has(signal.state)) this.settle(signal.state, 'done');
    } else if (signal.kind === 'retried') {
      this.note(signal.state, `retrying after ${signal.error}`);
    } else if (signal.kind === 'failed') {
      if (this.watches.has(signal.state)) this.settle(signal.state, 'failed', signal.error);
    } else if (signal.kind === 'zones') {
      this.zonesEnded(signal.zones);
    } else {
      for (const step of STEPS) {
        const watch = this.watch(step.state);
        if (watch.outcome === undefined && !watch.entered) watch.notReached = true;
        this.settleIfOpen(step.state);
      }
    }
  }

  /** Each step's title and where it stands. */
  steps(): StepReport[] {
    return STEPS.map((step) => {
      const watch = this.watch(step.state);
      const outcome = watch.outcome ?? (watch.entered ? 'running' : 'pending');
      const error = watch.error ? { error: watch.error } : {};
      return { title: this.title(step.state), outcome, ...error, notes: [...watch.notes] };
    });
  }

  /** A listr2 list that renders the steps as they settle. Resolves when every step has. */
  async render(): Promise<void> {
    const list = new Listr(
      STEPS.map((step) => ({
        title: this.title(step.state),
        task: async (_ctx: unknown, task: { skip(message?: string): void; output: string }) => {
          const outcome = await this.settled(step.state, (note) => {
            task.output = note;
          });
          if (outcome === 'skipped') {
            const reason = this.watch(step.state).notReached
              ? 'not reached'
              : skipReason(step.state, this.mode);
            task.skip(`${this.title(step.state)}: ${reason}`);
          }
          if (outcome === 'failed') {
            const error = this.watch(step.state).error;
            throw new Error(`${this.title(step.state)} failed${error ? `: ${error}` : ''}`);
          }
        },
      })),
      {
        exitOnError: false,
        // Its own SIGINT handler would exit at once; the CLI releases the store lease first (run.ts).
        registerSignalListeners: false,
        rendererOptions: { collapseSkips: false, collapseErrors: false },
        fallbackRendererOptions: {},
      },
    );
    await list.run();
  }

  /** A plan writes nothing: its zone step says what it would do. */
  private title(state: string): string {
    if (state === 'ApplyZones' && this.mode === 'plan') return 'Plan zone methods';
    return STEPS.find((s) => s.state === state)!.title;
  }

  /** One note per zone, by name and id; a failed zone fails the step with its error. */
  private zonesEnded(zones: ZoneProgress[]): void {
    const verb = this.mode === 'plan' ? 'to make' : 'made';
    for (const zone of zones) {
      const name = terminalSafe(`${zone.zoneName} (zone ${zone.zoneId})`);
      this.note(
        'ApplyZones',
        zone.failed
          ? `✖ ${name}: ${terminalSafe(zone.error ?? 'failed')}`
          : `${name}: ${zone.actions} change(s) ${verb}`,
      );
    }
    const failed = zones.filter((zone) => zone.failed);
    if (failed.length > 0) {
      const names = failed.map((zone) => `${zone.zoneName} (zone ${zone.zoneId})`).join(', ');
      this.settle('ApplyZones', 'failed', terminalSafe(`${failed.length} zone(s) failed: ${names}`));
    }
  }

  private watch(state: string): StepWatch {
    return this.watches.get(state)!;
  }

  private note(state: string, text: string): void {
    const parent = this.watches.has(state) ? state : 'ApplyZones';
    const watch = this.watch(parent);
    watch.notes.push(text);
    watch.wake?.();
  }

  private settleIfOpen(state: string): void {
    const watch = this.watch(state);
    if (watch.outcome === undefined) this.settle(state, watch.entered ? 'failed' : 'skipped');
  }

  private settle(state: string, outcome: Outcome, error?: string): void {
    const watch = this.watch(state);
    if (watch.outcome === undefined) {
      watch.outcome = outcome;
      if (error !== undefined) watch.error = error;
    }
    watch.wake?.();
  }

  private async settled(state: string, onNote: (note: string) => void): Promise<Outcome> {
    const watch = this.watch(state);
    let shown = 0;
    while (watch.outcome === undefined) {
      await new Promise<void>((resolve) => {
        watch.wake = resolve;
      });
      for (; shown < watch.notes.length; shown++) onNote(watch.notes[shown]!);
    }
    for (; shown < watch.notes.length; shown++) onNote(watch.notes[shown]!);
    return watch.outcome;
  }
}
