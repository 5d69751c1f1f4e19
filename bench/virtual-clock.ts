/**
 * Simulated time for the fleet benchmark: `sleep` registers a timer, and `run` advances the clock to the
 * earliest timer whenever everything else is waiting, so a fleet that takes minutes of wall time on AWS is
 * simulated in seconds, with every wait (throttling backoff, pacing, request latency) in its true order.
 */
export class VirtualClock {
  private current = 0;
  private sequence = 0;
  /** A binary heap of timers, earliest first (ties in the order they were set). */
  private readonly heap: { at: number; seq: number; wake: () => void }[] = [];

  now = (): number => this.current;

  sleep = (ms: number): Promise<void> =>
    new Promise((wake) => this.push({ at: this.current + Math.max(0, ms), seq: this.sequence++, wake }));

  /** Runs `work` to its end on simulated time; resolves with its result. */
  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    let result: { value: T } | { error: unknown } | undefined;
    work.then(
      (value) => {
        done = true;
        result = { value };
      },
      (error: unknown) => {
        done = true;
        result = { error };
      },
    );
    while (!done) {
      // Let every promise that can settle now settle (dynamic imports may take a real turn or two).
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = this.pop();
      if (!next) continue;
      this.current = Math.max(this.current, next.at);
      next.wake();
      // Wake every timer due at the same moment before letting anything run.
      while (this.heap.length > 0 && this.heap[0]!.at <= this.current) this.pop()!.wake();
    }
    if (result && 'error' in result) throw result.error;
    return (result as { value: T }).value;
  }

  private push(timer: { at: number; seq: number; wake: () => void }): void {
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private pop(): { at: number; seq: number; wake: () => void } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }

  private before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}
