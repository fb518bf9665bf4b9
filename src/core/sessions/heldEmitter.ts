// An event emitter that can hold its events until a save is on disk. The session manager reports a
// finished task only once its record is durable: otherwise a crash right after the report brings
// the task back as "interrupted" and a retry redoes finished work. Holding every later event too
// (not only that one) keeps their order: nothing is reported ahead of a change still being saved.
import { TypedEmitter } from './typedEmitter';

type Held = { readonly kind: 'barrier'; done: boolean } | { readonly kind: 'event'; readonly fire: () => void };

export class HeldEmitter<Events extends Record<string, unknown>> {
  private readonly emitter = new TypedEmitter<Events>();
  /** Barriers and the events emitted after each, in order; empty when nothing is held. */
  private readonly queue: Held[] = [];

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    return this.emitter.on(name, listener);
  }

  /** Emits now, or after the pending barriers when there are any. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    if (this.queue.length === 0) this.emitter.emit(name, payload);
    else this.queue.push({ kind: 'event', fire: () => this.emitter.emit(name, payload) });
  }

  /** Resolves once every event emitted so far has been delivered (after the barriers before it). */
  delivered(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.queue.push({ kind: 'event', fire: resolve }));
  }

  /** Holds every event emitted from now on until `saved` settles (whether it succeeds or fails). */
  holdUntil(saved: Promise<unknown>): void {
    const barrier: Held = { kind: 'barrier', done: false };
    this.queue.push(barrier);
    void saved
      .catch(() => undefined)
      .then(() => {
        barrier.done = true;
        this.release();
      });
  }

  private release(): void {
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      if (head.kind === 'barrier' && !head.done) return;
      this.queue.shift();
      if (head.kind === 'event') head.fire();
    }
  }
}
