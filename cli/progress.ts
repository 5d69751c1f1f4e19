/**
 * Live progress of an Onboard execution, local or on AWS. Both sources are reduced to the same signals
 * (a state entered, exited, retried; a Map iteration; the end), and a listr2 list shows one line per step
 * of the flow, each settling as done, skipped or failed.
 */
import { Listr } from 'listr2';

export type ProgressSignal =
  | { kind: 'entered'; state: string }
  | { kind: 'exited'; state: string }
  | { kind: 'retried'; state: string; error: string }
  | { kind: 'iteration'; state: string; index: number; status: 'started' | 'succeeded' | 'failed' }
  | { kind: 'ended'; status: 'SUCCEEDED' | 'FAILED' };

/** The main steps, in flow order, with what the list calls them. */
const STEPS: ReadonlyArray<{ state: string; title: string; whenSkipped: string }> = [
  { state: 'ResolveZones', title: 'Resolve zones', whenSkipped: 'not reached' },
  { state: 'ConnectCarriers', title: 'Connect carriers', whenSkipped: 'no carrier to connect' },
  { state: 'ApplyZones', title: 'Apply zone methods', whenSkipped: 'not reached' },
  { state: 'Verify', title: 'Verify', whenSkipped: 'nothing to verify' },
  { state: 'Record', title: 'Record', whenSkipped: 'not reached' },
];

type Outcome = 'done' | 'skipped' | 'failed';

interface StepWatch {
  entered: boolean;
  outcome?: Outcome;
  notes: string[];
  wake?: () => void;
}

export class ExecutionProgress {
  private readonly watches = new Map<string, StepWatch>(
    STEPS.map((s) => [s.state, { entered: false, notes: [] }]),
  );

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
    } else if (signal.kind === 'iteration') {
      if (signal.status !== 'started') this.note(signal.state, `zone ${signal.index + 1} ${signal.status}`);
    } else {
      for (const step of STEPS) this.settleIfOpen(step.state);
    }
  }

  /** A listr2 list that renders the steps as they settle. Resolves when every step has. */
  async render(): Promise<void> {
    const list = new Listr(
      STEPS.map((step) => ({
        title: step.title,
        task: async (_ctx: unknown, task: { skip(message?: string): void; output: string }) => {
          const outcome = await this.settled(step.state, (note) => {
            task.output = note;
          });
          if (outcome === 'skipped') task.skip(`${step.title}: ${step.whenSkipped}`);
          if (outcome === 'failed') throw new Error(`${step.title} failed`);
        },
      })),
      {
        exitOnError: false,
        // Its own SIGINT handler would exit at once; the CLI releases the store lease first (run.ts).
        registerSignalListeners: false,
        rendererOptions: { collapseSkips: false },
        fallbackRendererOptions: {},
      },
    );
    await list.run();
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

  private settle(state: string, outcome: Outcome): void {
    const watch = this.watch(state);
    watch.outcome ??= outcome;
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
