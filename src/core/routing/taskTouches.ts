// Per session, the files its agent touched since its previous task finished, with when: what a
// finished task is learned with (the files touched after it was routed). Bounded per session.

/** Files remembered per session between two finished tasks (the most recent ones). */
const MAX_FILES = 64;

interface Log {
  readonly paths: string[];
  readonly ats: number[];
}

export class TaskTouches {
  private readonly logs = new Map<string, Log>();

  touched(sessionId: string, path: string, at: number): void {
    let log = this.logs.get(sessionId);
    if (!log) this.logs.set(sessionId, (log = { paths: [], ats: [] }));
    const i = log.paths.indexOf(path);
    if (i >= 0) {
      log.paths.splice(i, 1);
      log.ats.splice(i, 1);
    }
    log.paths.push(path);
    log.ats.push(at);
    if (log.paths.length > MAX_FILES) {
      log.paths.shift();
      log.ats.shift();
    }
  }

  /** The distinct files the session touched at or after `since` (in touch order); the log is emptied. */
  take(sessionId: string, since: number): string[] {
    const log = this.logs.get(sessionId);
    if (!log) return [];
    this.logs.delete(sessionId);
    const out: string[] = [];
    for (let i = 0; i < log.paths.length; i++) if ((log.ats[i] as number) >= since) out.push(log.paths[i] as string);
    return out;
  }

  forget(sessionId: string): void {
    this.logs.delete(sessionId);
  }

  approxBytes(): number {
    let n = 0;
    for (const l of this.logs.values()) n += l.paths.length;
    return n * 24 + this.logs.size * 120;
  }
}
