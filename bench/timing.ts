/**
 * Throughput of a synchronous function: warm up, then several fixed-length rounds timed with
 * process.hrtime.bigint; the median round is reported because a single GC pause or scheduler hiccup
 * skews a mean but not a median.
 */

export interface ThroughputOptions {
  /** Time spent running the function before anything is measured (lets the JIT settle). */
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

export interface Throughput {
  /** Median over the rounds, in operations per second. */
  medianOpsPerSecond: number;
  minOpsPerSecond: number;
  maxOpsPerSecond: number;
  rounds: number;
}

const NS_PER_MS = 1_000_000n;

/** Results are folded into this so the engine cannot drop a call whose value is never used. */
let sink = 0;

const fold = (value: unknown): void => {
  sink = (sink + (value === undefined ? 0 : 1)) | 0;
};

/** Runs `batch` calls of `operation`; returns the nanoseconds taken. */
function timeBatch(operation: () => unknown, batch: number): bigint {
  const started = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fold(operation());
  return process.hrtime.bigint() - started;
}

/** Calls of `operation` in one round of about `roundMs`, given one call's cost. */
function batchSizeFor(operation: () => unknown, roundMs: number): number {
  let batch = 1;
  // Grow until one batch takes at least 1 ms, then scale to the round length.
  for (;;) {
    const elapsed = timeBatch(operation, batch);
    if (elapsed >= NS_PER_MS || batch >= 1 << 24) {
      const perCallNs = Number(elapsed) / batch;
      return Math.max(1, Math.round((roundMs * 1e6) / perCallNs));
    }
    batch *= 2;
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * `operation` is one unit of work; `opsPerCall` says how many operations one call counts for (a call that
 * normalizes eight methods counts as eight).
 */
export function measureThroughput(
  operation: () => unknown,
  options: ThroughputOptions,
  opsPerCall = 1,
): Throughput {
  const warmupEnds = process.hrtime.bigint() + BigInt(options.warmupMs) * NS_PER_MS;
  while (process.hrtime.bigint() < warmupEnds) timeBatch(operation, 64);

  const batch = batchSizeFor(operation, options.roundMs);
  const perRound: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const elapsedNs = timeBatch(operation, batch);
    perRound.push((batch * opsPerCall * 1e9) / Number(elapsedNs));
  }
  return {
    medianOpsPerSecond: median(perRound),
    minOpsPerSecond: Math.min(...perRound),
    maxOpsPerSecond: Math.max(...perRound),
    rounds: perRound.length,
  };
}
