import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  /** heapUsed right after a full collection: what the process still holds. */
  heapUsedAfterGc: number;
}

/**
 * Memory now, and the heap again after a full garbage collection: heapUsed alone counts garbage not yet
 * collected, which says more about the collector's timing than about what the code keeps. The npm script
 * runs plain `node`, so the gc function is exposed here rather than with --expose-gc.
 */
export function memorySnapshot(): MemorySnapshot {
  const { rss, heapUsed } = process.memoryUsage();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  return { rss, heapUsed, heapUsedAfterGc: process.memoryUsage().heapUsed };
}

/** Highest RSS and heapUsed seen, sampled every few milliseconds while the end-to-end runs execute. */
export class MemorySampler {
  peakRss = 0;
  peakHeapUsed = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #intervalMs: number;

  constructor(intervalMs = 5) {
    this.#intervalMs = intervalMs;
  }

  get intervalMs(): number {
    return this.#intervalMs;
  }

  start(): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), this.#intervalMs);
    // Sampling must never be what keeps the process alive.
    this.#timer.unref();
  }

  sample(): NodeJS.MemoryUsage {
    const usage = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, usage.rss);
    this.peakHeapUsed = Math.max(this.peakHeapUsed, usage.heapUsed);
    return usage;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }
}
