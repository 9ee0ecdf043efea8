/**
 * One lane of builds in watch mode. Its states:
 *
 *   idle ──add──▶ waiting ──start──▶ running ──done──▶ idle (or running again, when work waits)
 *   any ──close──▶ closed
 *
 * Batching: a build takes everything added before it starts; what is added while it runs waits,
 * gathered, for the next one. So there are never two builds of a lane at once, and a burst of saves
 * costs one build, not one each. `add` does not start a build by itself: the owner calls `start`
 * when the batch should go (after gathering a burst of events for a moment, say).
 */
export type QueueState = 'idle' | 'waiting' | 'running' | 'closed';

export class BuildQueue<T> {
  private waiting = new Set<T>();
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly runBatch: (batch: T[]) => Promise<void>) {}

  get state(): QueueState {
    if (this.closed) return 'closed';
    if (this.running) return 'running';
    return this.waiting.size > 0 ? 'waiting' : 'idle';
  }

  add(...items: T[]): void {
    if (!this.closed) for (const item of items) this.waiting.add(item);
  }

  /** Start a build of what waits, unless one is running (it starts the next itself when done). */
  start(): void {
    if (this.running || this.closed || this.waiting.size === 0) return;
    const batch = [...this.waiting];
    this.waiting = new Set();
    this.running = this.runBatch(batch).finally(() => {
      this.running = undefined;
      this.start();
    });
  }

  /** The build running now, if any. */
  current(): Promise<void> | undefined {
    return this.running;
  }

  /** No more builds; resolves when the one running (if any) is done. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    await this.running?.catch(() => undefined);
  }
}
