import type { Logger } from 'pino';

/**
 * Delivery reports a simulated provider sends back a moment after it answered, as the real one would.
 * `idle()` lets a test wait for every report to have been handled.
 */
export class SimulatedCallbacks {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly provider: string,
  ) {}

  schedule(send: () => Promise<Response>): void {
    const run = new Promise<void>((resolve) => setTimeout(resolve, 20))
      .then(send)
      .then((res) => {
        if (!res.ok)
          this.logger.warn({ provider: this.provider, status: res.status }, 'simulated callback refused');
      })
      .catch((err: unknown) => {
        this.logger.warn(
          { provider: this.provider, errName: (err as Error)?.name },
          'simulated callback failed',
        );
      })
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}

/** A scripted failure for the next requests a simulator receives. */
export class FailureScript<F> {
  private queue: F[] = [];
  failNext(count: number, failure: F): void {
    for (let i = 0; i < count; i += 1) this.queue.push(failure);
  }
  take(): F | undefined {
    return this.queue.shift();
  }
  reset(): void {
    this.queue = [];
  }
}
