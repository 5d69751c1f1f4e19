import type { EventsPort } from '../../lambdas/platform/ports.ts';

export interface PublishedEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

/** Events stay in the process: the CLI prints them, tests read them. */
export class MemoryEvents implements EventsPort {
  readonly published: PublishedEvent[] = [];

  async publish(detailType: string, detail: Record<string, unknown>): Promise<void> {
    this.published.push({ detailType, detail: structuredClone(detail) });
  }
}
