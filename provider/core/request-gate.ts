// How many calls go to one org at once, and when they may go. OpenSolar throttles per user
// and per org: without a limit, 200 parallel resources stampede into 429s and spend their
// retries there. The gate lets `limit` calls per org run at a time, and when OpenSolar
// asks one call to wait (429 with Retry-After), every call to that org waits with it.

export class RequestGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;

  constructor(private readonly limit: number) {}

  /** Runs `task` once a slot is free and no pause is in force. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) await sleep(pause);
      return await task();
    } finally {
      this.release();
    }
  }

  /** Holds every call that starts in the next `ms` milliseconds. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter.
    if (next) next();
    else this.running--;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
