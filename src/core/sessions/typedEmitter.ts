// A minimal typed event emitter: listeners per event name, `on` returns its own disposer.

export class TypedEmitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    for (const l of [...(this.listeners.get(name) ?? [])]) {
      // A failing listener must not break the session machinery.
      try {
        (l as (p: Events[K]) => void)(payload);
      } catch {
        /* ignored */
      }
    }
  }
}
